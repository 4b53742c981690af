package dev.eventgateway.support;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.x spoken by hand over a plain socket, for requests no well-behaved client would send: broken framing,
 * control bytes, invented methods and versions, bodies that stop half-way. Blocking; one connection per call.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends the bytes as they are and reads one response (null when the server closed without answering). */
    public static Response exchange(int port, byte[] request, Duration timeout) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return read(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Response exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(10));
    }

    /** Reads one response from the socket; null when the server closed it first. */
    public static Response read(Socket socket) throws IOException {
        return read(socket, false);
    }

    /** As {@link #read(Socket)}; {@code headOnly} for the answer to a HEAD request, which has no body to read. */
    public static Response read(Socket socket, boolean headOnly) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no response within the timeout; got: " + head, e);
            } catch (IOException e) {
                b = -1; // reset by the server
            }
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new AssertionError("connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        int length = headOnly ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Response(lines[0], Integer.parseInt(statusLine[1]), headers,
                new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closes the connection within the timeout (end of stream or reset), reading what comes. */
    public static boolean closedWithin(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] buffer = new byte[8192];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // the server may still send; keep reading until it closes
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** One HTTP response: its status line, lower-case header names, and body. */
    public record Response(String statusLine, int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body as the JSON error envelope, or null when it is not one. */
        public JsonObject envelope() {
            try {
                JsonObject json = new JsonObject(body);
                return json.containsKey("error_code") && json.containsKey("metadata") ? json : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
