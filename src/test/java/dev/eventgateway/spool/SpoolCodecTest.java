package dev.eventgateway.spool;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolCodecTest {

    private static Header header(String name, String value) {
        return new RecordHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recordsDecodeAsEncodedInOrderWithTheMarkAddedLast() {
        List<ProducerRecord<String, byte[]>> records = List.of(
                new ProducerRecord<>("wa.raw", null, "wh-1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                        List.of(header("content-type", "application/json"), header("eg_request_id", "r-1"))),
                new ProducerRecord<>("wa.messages.inbound", null, (String) null, new byte[0],
                        List.<Header>of(header("x", null))),
                new ProducerRecord<>("wa.statuses", null, "sender:155501", "é✓".getBytes(StandardCharsets.UTF_8),
                        List.<Header>of()));
        Header mark = header("eg_spooled", "2026-12-07T23:00:00Z");

        List<ProducerRecord<String, byte[]>> decoded = SpoolCodec.decode(SpoolCodec.encode(records), mark);

        assertThat(decoded).hasSize(3);
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, byte[]> in = records.get(i);
            ProducerRecord<String, byte[]> out = decoded.get(i);
            assertThat(out.topic()).isEqualTo(in.topic());
            assertThat(out.key()).isEqualTo(in.key());
            assertThat(out.value()).isEqualTo(in.value());
            assertThat(out.partition()).isNull();
            Header[] headers = out.headers().toArray();
            Header[] original = in.headers().toArray();
            assertThat(headers).hasSize(original.length + 1);
            for (int h = 0; h < original.length; h++) {
                assertThat(headers[h].key()).isEqualTo(original[h].key());
                assertThat(headers[h].value()).isEqualTo(original[h].value());
            }
            assertThat(headers[original.length]).isSameAs(mark);
        }
    }

    @Test
    void aTruncatedBatchIsRefused() {
        byte[] encoded = SpoolCodec.encode(List.of(new ProducerRecord<>("t", null, "k", new byte[100], List.<Header>of())));
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 10);
        assertThatThrownBy(() -> SpoolCodec.decode(truncated, header("m", "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
