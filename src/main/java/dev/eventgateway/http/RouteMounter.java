package dev.eventgateway.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** Adds a feature's routes to the HTTP verticle's router; called once per verticle instance, on its event loop. */
@FunctionalInterface
public interface RouteMounter {

    void mount(Router router, Vertx vertx);
}
