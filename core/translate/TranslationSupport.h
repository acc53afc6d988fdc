#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace llmux {

// Key order is kept so translated bodies read like the vendor's own.
using Json = nlohmann::ordered_json;

// A request a translator cannot carry over faithfully (e.g. n > 1 to a vendor without it). Thrown
// inside a translator only; Translation::request turns it into a 400 for the client.
class TranslationError : public std::runtime_error
{
public:
    explicit TranslationError(const QString &message)
        : std::runtime_error(message.toStdString())
    {}
};

// What a translator left out because the other side cannot represent it. Logged at debug level
// (category llmux.translate) so nothing is dropped silently.
struct TranslationNotes
{
    QStringList dropped;
    void drop(const QString &field, const QString &why)
    {
        dropped.append(field + QStringLiteral(": ") + why);
    }
};

namespace json {

inline QByteArray toBytes(const Json &value)
{
    return QByteArray::fromStdString(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

inline Json parse(QByteArrayView bytes)
{
    return Json::parse(bytes.data(), bytes.data() + bytes.size());
}

// Whether brackets nest deeper than limit anywhere in the text (strings skipped). Checked before
// parsing: serialising a document recurses once per level, and a hostile body could be nested a
// million levels deep.
inline bool nestsDeeperThan(QByteArrayView text, int limit)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit)
                return true;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return false;
}

// The string at key, or fallback when it is absent, null or not a string.
inline std::string str(const Json &object, const char *key, const std::string &fallback = {})
{
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

inline bool has(const Json &object, const char *key)
{
    if (!object.is_object())
        return false;
    const auto it = object.find(key);
    return it != object.end() && !it->is_null();
}

// A field spelled in camelCase or snake_case (Google's REST APIs accept both), or null.
inline const Json *field(const Json &object, const char *camel, const char *snake)
{
    if (!object.is_object())
        return nullptr;
    for (const char *key : {camel, snake})
        if (const auto it = object.find(key); it != object.end() && !it->is_null())
            return &*it;
    return nullptr;
}

// Arguments of a tool call arrive as a JSON string; an unparsable one is kept under
// "_raw_arguments" instead of being replaced by an empty object.
inline Json parseArguments(const std::string &arguments)
{
    if (arguments.empty())
        return Json::object();
    Json parsed = Json::parse(arguments, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
        return Json{{"_raw_arguments", arguments}};
    return parsed;
}

} // namespace json
} // namespace llmux
