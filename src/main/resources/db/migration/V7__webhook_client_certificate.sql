-- mTLS per webhook: null = no client certificate needed; 'any' = any certificate http.tls.clientCa signed; else the
-- name (subject CN or a DNS name) the client certificate must carry.
ALTER TABLE webhooks ADD COLUMN client_certificate text;
