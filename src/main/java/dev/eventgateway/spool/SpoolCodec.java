package dev.eventgateway.spool;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of one request's records in the spool: a version byte, the record count, and per record its topic,
 * key (or none), headers (name, value bytes) and value, in the order they were built. Records decode exactly as they
 * were encoded (no partition: the producer's partitioner chooses by key, as for the records sent directly).
 */
final class SpoolCodec {

    private static final int VERSION = 1;

    private SpoolCodec() {
    }

    static byte[] encode(List<ProducerRecord<String, byte[]>> records) {
        int estimate = 64;
        for (ProducerRecord<String, byte[]> r : records) {
            estimate += r.value().length + 256;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(records.size());
            for (ProducerRecord<String, byte[]> r : records) {
                out.writeUTF(r.topic());
                out.writeBoolean(r.key() != null);
                if (r.key() != null) {
                    out.writeUTF(r.key());
                }
                Header[] headers = r.headers().toArray();
                out.writeInt(headers.length);
                for (Header h : headers) {
                    out.writeUTF(h.key());
                    writeBytes(out, h.value());
                }
                writeBytes(out, r.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** The records as encoded, each with {@code extra} added after its own headers. */
    static List<ProducerRecord<String, byte[]>> decode(byte[] batch, Header extra) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(batch))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown spool encoding version " + version);
            }
            int count = in.readInt();
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String topic = in.readUTF();
                String key = in.readBoolean() ? in.readUTF() : null;
                int headerCount = in.readInt();
                List<Header> headers = new ArrayList<>(headerCount + 1);
                for (int h = 0; h < headerCount; h++) {
                    headers.add(new RecordHeader(in.readUTF(), readBytes(in)));
                }
                headers.add(extra);
                records.add(new ProducerRecord<>(topic, null, key, readBytes(in), headers));
            }
            return records;
        } catch (IOException e) {
            throw new IllegalArgumentException("spooled batch is truncated", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }
}
