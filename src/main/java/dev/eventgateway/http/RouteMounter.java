package dev.eventgateway.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * Adds a feature's routes to a router; called once per verticle instance, on its event loop. {@link #mount} adds
 * those of the public listener, {@link #mountManagement} those of the management listener (documents, diagnostics),
 * which is the public one too when both share a port.
 */
@FunctionalInterface
public interface RouteMounter {

    void mount(Router router, Vertx vertx);

    /** Routes for the management listener: none unless a feature has some. */
    default void mountManagement(Router router, Vertx vertx) {
    }
}
