package dev.eventgateway.http;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.http.HttpClosedException;

import java.io.IOException;

/**
 * Failures the caller causes while the gateway reads its request: the connection closed or reset mid-body, a body
 * the HTTP codec cannot decode (a broken chunk size, a chunk size overflow, bad trailers). They say nothing about the
 * gateway's health, so they are logged below WARN and without a stack trace: an operator who alerts on ERROR must
 * never be paged by what a client sends.
 */
public final class ClientFailures {

    private ClientFailures() {
    }

    /** True for a failure of the request stream itself rather than of the gateway's handling of it. */
    public static boolean isClientCaused(Throwable failure) {
        return failure instanceof HttpClosedException
                || failure instanceof IOException
                || failure instanceof DecoderException
                // Netty reports a chunk size it cannot read ("Invalid character in chunk size", "Chunk size
                // overflow") as the decoder result itself, not wrapped in a DecoderException
                || failure instanceof NumberFormatException;
    }

    /** A short, safe name for the log: the failure's type only (a codec message may quote the caller's bytes). */
    public static String describe(Throwable failure) {
        return failure == null ? "none" : failure.getClass().getSimpleName();
    }
}
