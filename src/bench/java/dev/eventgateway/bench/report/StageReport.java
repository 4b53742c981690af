package dev.eventgateway.bench.report;

import java.util.Map;

/**
 * What a stage with figures of its own (beyond its phases) adds to the results: a JSON object under
 * {@code stages.<name>} in benchmark.json and a section of summary.md.
 */
public record StageReport(String name, Map<String, Object> figures, String markdown) {
}
