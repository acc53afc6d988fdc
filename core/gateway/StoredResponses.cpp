#include "core/gateway/StoredResponses.h"

#include "core/store/ResponseStore.h"

#include <QDateTime>

#include <vector>

namespace llmux {
namespace {

GatewayError invalid(const QString &message)
{
    return GatewayError{400, "invalid_request_error", message, {}};
}

// A Responses input as items: a string is one user message.
Json inputItems(const Json &input)
{
    if (input.is_string())
        return Json::array({{{"role", "user"}, {"content", input}}});
    if (input.is_array())
        return input;
    return Json::array();
}

void appendParsed(Json &items, const QByteArray &bytes, const char *field = nullptr)
{
    const Json parsed =
        Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    const Json *list = &parsed;
    if (field) {
        const auto it = parsed.is_object() ? parsed.find(field) : parsed.end();
        if (!parsed.is_object() || it == parsed.end())
            return;
        list = &*it;
    }
    if (list->is_array())
        for (const Json &item : *list)
            items.push_back(item);
}

} // namespace

std::optional<GatewayError> StoredResponses::expand(Json &body, const ResponseStore &store,
                                                    qint64 keyId, Turn &turn)
{
    if (const auto flag = body.find("store"); flag != body.end() && !flag->is_null()) {
        if (!flag->is_boolean())
            return invalid(QStringLiteral("\"store\" must be true or false."));
        turn.store = flag->get<bool>();
    }
    const auto previous = body.find("previous_response_id");
    const bool continues = previous != body.end() && !previous->is_null();
    if (!turn.store && !continues)
        return std::nullopt; // Codex: nothing to keep, nothing to look up
    const Json own = inputItems(body.value("input", Json()));
    if (turn.store)
        turn.ownInput = json::toBytes(own);
    if (!continues)
        return std::nullopt;
    if (!previous->is_string())
        return invalid(QStringLiteral("\"previous_response_id\" must be a string."));
    const std::string &id = previous->get_ref<const std::string &>();
    if (id.empty())
        return invalid(QStringLiteral("\"previous_response_id\" is empty."));
    if (qsizetype(id.size()) > kMaxIdLength)
        return invalid(QStringLiteral("\"previous_response_id\" is longer than %1 characters.")
                           .arg(kMaxIdLength));
    turn.previousId = QString::fromStdString(id);

    // Newest first, back to the conversation's start (or as far as the limits go).
    std::vector<ResponseStore::Entry> chain;
    qint64 bytes = 0;
    for (QString next = turn.previousId; !next.isEmpty() && int(chain.size()) < kMaxTurns;) {
        std::optional<ResponseStore::Entry> entry = store.find(next, keyId);
        if (!entry) {
            if (chain.empty())
                return GatewayError{400,
                                    "previous_response_not_found",
                                    QStringLiteral("Previous response with id '%1' not found.")
                                        .arg(turn.previousId),
                                    {}};
            break; // older turns are past the store's limits
        }
        bytes += entry->input.size() + entry->response.size();
        if (bytes > kMaxHistoryBytes && !chain.empty())
            break;
        next = entry->previousId;
        chain.push_back(std::move(*entry));
    }
    Json items = Json::array();
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        appendParsed(items, it->input);
        appendParsed(items, it->response, "output");
    }
    for (const Json &item : own)
        items.push_back(item);
    body["input"] = std::move(items);
    body.erase("previous_response_id");
    return std::nullopt;
}

void StoredResponses::remember(ResponseStore &store, const Turn &turn, qint64 keyId,
                               const QByteArray &response)
{
    if (!turn.store || response.isEmpty())
        return;
    const Json parsed =
        Json::parse(response.constData(), response.constData() + response.size(), nullptr, false);
    const std::string id = parsed.is_object() ? json::str(parsed, "id") : std::string();
    if (id.empty() || qsizetype(id.size()) > kMaxIdLength)
        return;
    ResponseStore::Entry entry;
    entry.id = QString::fromStdString(id);
    entry.keyId = keyId;
    entry.previousId = turn.previousId;
    entry.createdMs = QDateTime::currentMSecsSinceEpoch();
    entry.input = turn.ownInput;
    entry.response = response;
    store.put(std::move(entry));
}

} // namespace llmux
