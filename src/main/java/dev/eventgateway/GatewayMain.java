package dev.eventgateway;
public final class GatewayMain { public static void main(String[] a) {} }
