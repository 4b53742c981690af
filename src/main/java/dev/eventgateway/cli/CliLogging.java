package dev.eventgateway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of a command other than {@code run}: only the clients' errors. A command says what went wrong in one line
 * of its own; the Kafka client's warnings about an absent broker (one per reconnect, dozens a minute) and Vert.x's
 * would bury it.
 */
final class CliLogging {

    private static final String[] CLIENTS = {"org.apache.kafka", "io.vertx", "io.netty"};

    private CliLogging() {
    }

    static void quietClients() {
        for (String name : CLIENTS) {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                logger.setLevel(Level.ERROR);
            }
        }
    }
}
