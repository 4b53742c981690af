package dev.eventgateway.bench.load;

import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.Signatures;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Unique, signed, realistic provider requests. Every request gets fresh provider message ids (so fresh event ids
 * and a unique body) and is signed with its webhook's secret exactly as the provider signs: HMAC-SHA256 of the raw
 * bytes, through the gateway's own {@link Signatures}. Not thread-safe: one per load generator thread.
 */
public final class PayloadFactory {

    public static final String WHATS91_UID = "wh_bench_whats91";
    public static final String META_UID = "wh_bench_meta";
    public static final String WHATS91_SENDER = "916268662275";
    public static final String META_SENDER = "106540352242922";

    private static final List<String> TEXTS = List.of(
            "I need help with my order",
            "Does it come in another color?",
            "Hi, is the store open on Sunday?",
            "My package says delivered but I don't have it",
            "Can I change the delivery address?",
            "Thanks, that worked!",
            "What is the price of the blue one in size M?",
            "Please call me back when you can",
            "I want to cancel order 10428",
            "Is there a discount for students?",
            "Ok",
            "Where can I find the invoice for my last purchase?");
    private static final List<String> NAMES = List.of("Sheena Nelson", "Rahul Mehta", "Ana Souza", "Kwame Mensah",
            "Li Wei", "Fatima Zahra", "John Doe", "Priya Nair", "Carlos Ruiz", "Emma Schmidt");
    private static final List<String> STATUSES = List.of("sent", "delivered", "delivered", "read");
    private static final List<String> TEMPLATE_NAMES = List.of("payment_reminder_v1", "order_shipped_v2",
            "appointment_confirmation", "otp_login_v3", "delivery_update_v1");
    private static final List<String> TEMPLATE_EVENTS = List.of("APPROVED", "APPROVED", "PAUSED", "REJECTED");
    private static final List<String> LANGUAGES = List.of("en_US", "pt_BR", "es", "hi");
    private static final int CUSTOMERS = 5000;

    private final String runTag;
    private final String whats91Secret;
    private final String metaSecret;
    private final AuthScheme whats91Auth;
    private final AuthScheme metaAuth;
    private final SplittableRandom random;
    private final Template whats91Text = Template.resource("whats91-text.json");
    private final Template metaStatus = Template.resource("meta-status.json");
    private final Template metaStatusItem = Template.resource("meta-status-item.json");
    private final Template metaTemplate = Template.resource("meta-template-status.json");
    private final Template metaText = Template.resource("meta-text.json");
    private final Template metaFlowReply = Template.resource("meta-flow-reply.json");
    private final String text4k;
    private final String surveyAnswers64k;
    private final String text3k;
    private long seq;
    private int webhooksPerProvider = 1;

    /**
     * @param runTag a short token unique to the run, part of every message id, so runs never share an event id
     */
    public PayloadFactory(String runTag, String whats91Secret, String metaSecret, long seed) {
        this.runTag = runTag;
        this.whats91Secret = whats91Secret;
        this.metaSecret = metaSecret;
        Providers providers = Providers.standard();
        this.whats91Auth = providers.get("whats91").auth();
        this.metaAuth = providers.get("meta").auth();
        this.random = new SplittableRandom(seed);
        this.text4k = sentences(3600);
        this.surveyAnswers64k = surveyAnswers(64 * 1024 - 900);
        this.text3k = sentences(2900);
    }

    /**
     * Spreads the requests over {@code n} webhooks per provider ({@link #spreadUid}), chosen at random per request;
     * 1 (the default): the two webhooks {@link #WHATS91_UID} and {@link #META_UID}.
     */
    public PayloadFactory spread(int n) {
        this.webhooksPerProvider = n;
        return this;
    }

    /** The uid of the {@code i}th webhook of a provider when requests are spread: {@code <uid>_<i>}. */
    public static String spreadUid(String uid, int i) {
        return uid + "_" + i;
    }

    public static String whats91Header() {
        return Providers.standard().get("whats91").auth().signatureHeader();
    }

    public static String metaHeader() {
        return Providers.standard().get("meta").auth().signatureHeader();
    }

    public SignedRequest next(Workload workload) {
        return switch (workload) {
            case MIX -> {
                int dice = random.nextInt(100);
                if (dice < 40) {
                    yield whats91(null);
                } else if (dice < 90) {
                    yield metaStatuses(1);
                } else {
                    yield metaTemplate();
                }
            }
            case META_BATCH_1 -> metaStatuses(1);
            case META_BATCH_10 -> metaStatuses(10);
            case META_BATCH_50 -> metaStatuses(50);
            case META_BATCH_1000 -> metaStatuses(1000);
            case BODY_0_5K -> whats91(512);
            case BODY_4K -> metaText(text4k);
            case BODY_64K -> metaFlowReply();
            case BODY_3M -> metaTexts(1000);
            case META_TEMPLATES -> metaTemplate();
        };
    }

    private SignedRequest whats91(Integer targetBytes) {
        String messageId = messageId();
        String from = "91" + (9800000000L + random.nextInt(CUSTOMERS));
        String name = pick(NAMES);
        String isoTime = Instant.now().toString();
        String text = pick(TEXTS);
        if (targetBytes != null) {
            int overhead = whats91Text.render(slot -> value(slot, messageId, from, name, "", isoTime)).length();
            text = sentences(targetBytes - overhead);
        }
        String body = whats91Text.render(slotValues(messageId, from, name, text, isoTime));
        return sign(WHATS91_UID, whats91Auth, whats91Secret, body, 1);
    }

    private SignedRequest metaStatuses(int count) {
        String epoch = Long.toString(Instant.now().getEpochSecond());
        StringBuilder items = new StringBuilder(count * 360);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                items.append(',');
            }
            String messageId = messageId();
            String from = customer();
            String status = pick(STATUSES);
            String conversation = hex(32);
            String order = Integer.toString(10000 + random.nextInt(90000));
            metaStatusItem.render(items, slot -> switch (slot) {
                case "messageId" -> messageId;
                case "status" -> status;
                case "epochTime" -> epoch;
                case "from" -> from;
                case "conversationId" -> conversation;
                case "campaign" -> "spring-sale";
                case "order" -> order;
                default -> null;
            });
        }
        String statuses = items.toString();
        String body = metaStatus.render(slot -> slot.equals("statuses") ? statuses : null);
        return sign(META_UID, metaAuth, metaSecret, body, count);
    }

    private SignedRequest metaTemplate() {
        long templateId = 1689556908000000L + nextSeq();
        String event = pick(TEMPLATE_EVENTS);
        String body = metaTemplate.render(slot -> switch (slot) {
            case "epochTime" -> Long.toString(Instant.now().getEpochSecond());
            case "templateEvent" -> event;
            case "templateId" -> Long.toString(templateId);
            case "templateName" -> pick(TEMPLATE_NAMES);
            case "language" -> pick(LANGUAGES);
            case "reason" -> event.equals("REJECTED") ? "INVALID_FORMAT" : "NONE";
            default -> null;
        });
        return sign(META_UID, metaAuth, metaSecret, body, 1);
    }

    private SignedRequest metaText(String text) {
        String messageId = messageId();
        String from = customer();
        String name = pick(NAMES);
        String epoch = Long.toString(Instant.now().getEpochSecond());
        String body = metaText.render(slot -> switch (slot) {
            case "contactName" -> name;
            case "from" -> from;
            case "messageId" -> messageId;
            case "epochTime" -> epoch;
            case "text" -> text;
            default -> null;
        });
        return sign(META_UID, metaAuth, metaSecret, body, 1);
    }

    /** One Meta request of {@code count} inbound texts of {@link #text3k}, all in one change, as Meta batches them. */
    private SignedRequest metaTexts(int count) {
        String epoch = Long.toString(Instant.now().getEpochSecond());
        StringBuilder messages = new StringBuilder(count * (text3k.length() + 200));
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                messages.append(',');
            }
            messages.append("{\"from\":\"").append(customer()).append("\",\"id\":\"").append(messageId())
                    .append("\",\"timestamp\":\"").append(epoch).append("\",\"type\":\"text\",\"text\":{\"body\":\"")
                    .append(text3k).append("\"}}");
        }
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"106540352242922\"},\"messages\":[" + messages + "]},\"field\":\"messages\"}]}]}";
        return sign(META_UID, metaAuth, metaSecret, body, count);
    }

    private SignedRequest metaFlowReply() {
        String messageId = messageId();
        String from = customer();
        String name = pick(NAMES);
        String epoch = Long.toString(Instant.now().getEpochSecond());
        // response_json is a JSON document inside a JSON string, so its quotes arrive escaped
        String response = ("{\"flow_token\":\"survey-" + messageId.substring(messageId.length() - 10) + "\","
                + "\"survey\":\"post_purchase_2026\",\"answers\":[" + surveyAnswers64k + "]}").replace("\"", "\\\"");
        String body = metaFlowReply.render(slot -> switch (slot) {
            case "contactName" -> name;
            case "from" -> from;
            case "messageId" -> messageId;
            case "epochTime" -> epoch;
            case "responseJson" -> response;
            default -> null;
        });
        return sign(META_UID, metaAuth, metaSecret, body, 1);
    }

    private SignedRequest sign(String uid, AuthScheme auth, String secret, String body, int events) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new SignedRequest(webhooksPerProvider == 1 ? uid : spreadUid(uid, random.nextInt(webhooksPerProvider)), auth.signatureHeader(), Signatures.headerValue(auth, secret, bytes), bytes,
                events, Fingerprints.body(bytes));
    }

    private java.util.function.Function<String, String> slotValues(String messageId, String from, String name,
                                                                   String text, String isoTime) {
        return slot -> value(slot, messageId, from, name, text, isoTime);
    }

    private static String value(String slot, String messageId, String from, String name, String text,
                                String isoTime) {
        return switch (slot) {
            case "webhookUid" -> WHATS91_UID;
            case "from" -> from;
            case "contactName" -> name;
            case "messageId" -> messageId;
            case "text" -> text;
            case "isoTime" -> isoTime;
            default -> null;
        };
    }

    /** A wamid of the usual length and alphabet, unique within the run and across runs. */
    private String messageId() {
        return "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQ" + runTag + Long.toString(nextSeq(), 36).toUpperCase() + "RgA=";
    }

    private long nextSeq() {
        return ++seq;
    }

    private String customer() {
        return Long.toString(16505550000L + random.nextInt(CUSTOMERS));
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private String hex(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    /** Customer-service chat text of about {@code length} characters (plain ASCII, nothing to escape). */
    private static String sentences(int length) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (out.length() < length) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(TEXTS.get(i++ % TEXTS.size())).append('.');
        }
        out.setLength(Math.max(1, length));
        return out.toString();
    }

    /** Survey answers as JSON objects, about {@code length} characters once escaped, numbered questions. */
    private static String surveyAnswers(int length) {
        StringBuilder out = new StringBuilder(length);
        int question = 1;
        while (out.length() * 1.2 < length) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append("{\"question\":\"q").append(question).append("\",\"rating\":").append(1 + question % 5)
                    .append(",\"comment\":\"").append(TEXTS.get(question % TEXTS.size())).append(". ")
                    .append(TEXTS.get((question * 7) % TEXTS.size())).append("\"}");
            question++;
        }
        return out.toString();
    }
}
