-- crm worker: a customer is a phone number or a business-scoped user id (BSUID), or both; group chats (DESIGN §5).
--
-- conversations.phone (and messages.phone) stays the conversation's key, now "the customer": the phone number when
-- known, else the BSUID (a customer who hides their number behind a WhatsApp username), and 'group:<groupId>' for a
-- group chat's own conversation. A conversation first keyed by the BSUID is re-keyed to the phone number when a
-- message names both; either id finds it. Existing rows keep their phone number as their key.

ALTER TABLE conversations ADD COLUMN user_id  text;  -- the customer's BSUID, when Meta sent it
ALTER TABLE conversations ADD COLUMN username text;  -- the customer's WhatsApp username, when they adopted one
ALTER TABLE conversations ADD COLUMN group_id text;  -- set on a group chat's conversation (phone = 'group:<id>')

CREATE INDEX conversations_by_user_id ON conversations (sender_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX conversations_by_username ON conversations (sender_id, username) WHERE username IS NOT NULL;

ALTER TABLE messages ADD COLUMN user_id  text;       -- the customer's BSUID (a group message: the participant's)
ALTER TABLE messages ADD COLUMN group_id text;       -- the group chat the message belongs to
