package dev.eventgateway.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * TCP ports on 127.0.0.1, where both embedded servers listen: picking a free one, refusing a taken one, and whether
 * one is listening yet.
 */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /**
     * A TCP port that was free on the loopback interface a moment ago. Another process may take it before the
     * caller binds it; callers that pick ports this way retry when the server fails to bind.
     */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /**
     * Fails fast, with a message an operator understands, when a configured port is already taken on 127.0.0.1;
     * the servers themselves would fail too, but later and deep in their logs.
     */
    static void requireFreeLoopbackPort(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new EmbeddedServerException(what + " cannot listen on 127.0.0.1:" + port
                    + ", the port is in use (" + e.getMessage() + "); choose another port or 0 for a free one");
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
