package dev.eventgateway.event;

import java.util.Map;

/**
 * Where the JSON Schema of each record type lives (DESIGN §4, docs/events.md "Schemas and versions"): its id, which
 * every event record names in its {@code ce_dataschema} header, and the jar resource that holds it. A schema id is an
 * identifier, {@code https://eventgateway.dev/schemas/<version>/<type>.json}; the same file is in the jar under
 * {@code schemas/<version>/<type>.json}, and the AsyncAPI document bundles them all.
 * <p>
 * Adding a type's schema is dropping {@code schemas/v1/<type>.json} into the resources: nothing here names types.
 */
public final class EventSchemas {

    /** The part of every schema id before {@code <version>/<type>.json}. */
    public static final String ID_BASE = "https://eventgateway.dev/schemas/";
    /** The jar folder that holds the schemas, laid out as the ids are. */
    public static final String RESOURCE_BASE = "schemas/";
    /** The version every type is written in, unless {@link #VERSIONS} says otherwise. */
    public static final String CURRENT = "v1";
    /** The schema of the envelope every event type shares. */
    public static final String ENVELOPE = "envelope";

    /**
     * Types written in another version than {@link #CURRENT}. An incompatible change of a type ships as a new version
     * beside the old one (docs/events.md), and this map is the one place that says which version a type is written in.
     */
    private static final Map<String, String> VERSIONS = Map.of();

    private EventSchemas() {
    }

    /** The version a record of this type is written in. */
    public static String version(String type) {
        return VERSIONS.getOrDefault(type, CURRENT);
    }

    /** The id of the schema a record of this type follows: the value of its {@code ce_dataschema} header. */
    public static String id(String type) {
        return ID_BASE + version(type) + "/" + type + ".json";
    }

    /** The jar resource of the schema a record of this type follows. */
    public static String resource(String type) {
        return RESOURCE_BASE + version(type) + "/" + type + ".json";
    }
}
