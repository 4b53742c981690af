package dev.eventgateway.admin;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.Envelopes;
import dev.eventgateway.storage.query.ConversationQueries;
import dev.eventgateway.storage.query.MessageQueries;
import dev.eventgateway.storage.query.PageRequest;
import dev.eventgateway.storage.query.TemplateQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** The read-only query routes of DESIGN §6 over the workers' tables: messages, conversations, templates. */
final class QueryHandlers {

    private final MessageQueries messages;
    private final ConversationQueries conversations;
    private final TemplateQueries templates;

    QueryHandlers(MessageQueries messages, ConversationQueries conversations, TemplateQueries templates) {
        this.messages = messages;
        this.conversations = conversations;
        this.templates = templates;
    }

    /** {@code GET /api/v2/messages/{messageId}}: the latest status and the ordered lifecycle. */
    void message(RoutingContext ctx) {
        String messageId = ctx.pathParam("messageId");
        WebhookHandlers.answer(ctx, messages.find(messageId).map(found -> Envelopes.success(ctx,
                "Message retrieved", found.orElseThrow(() -> ApiException.notFound("Message not found: "
                        + messageId)))));
    }

    /** {@code GET /api/v2/conversations?senderId&phone&page&limit} */
    void conversations(RoutingContext ctx) {
        QueryParams params = new QueryParams(ctx);
        String senderId = params.text("senderId");
        String phone = params.text("phone");
        PageRequest page = params.page();
        params.check();
        WebhookHandlers.answer(ctx, conversations.list(senderId, phone, page)
                .map(result -> Pagination.envelope(ctx, "Conversations retrieved", result)));
    }

    /** {@code GET /api/v2/conversations/{senderId}/{phone}?page&limit}: the conversation and a page of messages. */
    void conversation(RoutingContext ctx) {
        String senderId = ctx.pathParam("senderId");
        String phone = ctx.pathParam("phone");
        QueryParams params = new QueryParams(ctx);
        PageRequest page = params.page();
        params.check();
        WebhookHandlers.answer(ctx, conversations.find(senderId, phone, page).map(found -> {
            var one = found.orElseThrow(() -> ApiException.notFound("Conversation not found"));
            return Envelopes.success(ctx, "Conversation retrieved",
                    one.conversation().copy().put("messages", new JsonArray(one.messages().items())))
                    .put("pagination", Pagination.json(one.messages()));
        }));
    }

    /** {@code GET /api/v2/templates?senderId&status&page&limit}, each template with its history. */
    void templates(RoutingContext ctx) {
        QueryParams params = new QueryParams(ctx);
        String senderId = params.text("senderId");
        String status = params.text("status");
        PageRequest page = params.page();
        params.check();
        WebhookHandlers.answer(ctx, templates.list(senderId, status == null ? null : status.toUpperCase(Locale.ROOT),
                page).map(result -> Pagination.envelope(ctx, "Templates retrieved", result)));
    }
}
