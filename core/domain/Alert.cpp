#include "core/domain/Alert.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace llmux {
namespace {

struct EventInfo
{
    Alert::Event event;
    const char *name;
    const char *text;
};

const EventInfo kEvents[] = {
    {Alert::Event::BudgetThreshold, "budget-threshold", "Budget threshold reached"},
    {Alert::Event::BudgetExhausted, "budget-exhausted", "Budget exhausted"},
    {Alert::Event::LimitHit, "limit-hit", "Rate limit hit repeatedly"},
    {Alert::Event::KeyRejected, "key-rejected", "Provider key rejected or out of credit"},
    {Alert::Event::ProviderDown, "provider-down", "Provider down"},
    {Alert::Event::ProviderRecovered, "provider-recovered", "Provider recovered"},
    {Alert::Event::RouteFailing, "route-failing", "Every target of a route failing"},
    {Alert::Event::KeyExpiring, "key-expiring", "Gateway key about to expire"},
    {Alert::Event::Test, "test", "Test message"},
};

const QStringList kKinds = {QStringLiteral("webhook"), QStringLiteral("slack"),
                            QStringLiteral("dingtalk"), QStringLiteral("feishu"),
                            QStringLiteral("email")};
const QStringList kTls = {QStringLiteral("starttls"), QStringLiteral("tls"),
                          QStringLiteral("none")};

} // namespace

const QList<Alert::Event> &Alert::allEvents()
{
    static const QList<Event> events = [] {
        QList<Event> out;
        for (const EventInfo &e : kEvents)
            if (e.event != Event::Test)
                out << e.event;
        return out;
    }();
    return events;
}

QString Alert::eventName(Event event)
{
    for (const EventInfo &e : kEvents)
        if (e.event == event)
            return QString::fromLatin1(e.name);
    return {};
}

std::optional<Alert::Event> Alert::eventFromName(const QString &name)
{
    const QString wanted = name.trimmed().toLower();
    for (const EventInfo &e : kEvents)
        if (wanted == QLatin1String(e.name))
            return e.event;
    return std::nullopt;
}

QString Alert::eventText(Event event)
{
    for (const EventInfo &e : kEvents)
        if (e.event == event)
            return QString::fromLatin1(e.text);
    return {};
}

QString Alert::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Critical:
        return QStringLiteral("critical");
    }
    return {};
}

std::optional<QList<Alert::Event>> Alert::eventsFromText(const QString &text, QString *bad)
{
    QList<Event> out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const std::optional<Event> event = eventFromName(part);
        if (!event || *event == Event::Test) {
            if (bad)
                *bad = part.trimmed();
            return std::nullopt;
        }
        if (!out.contains(*event))
            out << *event;
    }
    return out;
}

QString Alert::eventsText(const QList<Event> &events)
{
    QStringList names;
    for (Event e : events)
        names << eventName(e);
    return names.join(QLatin1Char(','));
}

QString Alert::text() const
{
    return message.isEmpty() ? title : title + QLatin1Char('\n') + message;
}

QString AlertChannel::kindName(Kind kind)
{
    return kKinds.at(int(kind));
}

std::optional<AlertChannel::Kind> AlertChannel::kindFromName(const QString &name)
{
    const qsizetype i = kKinds.indexOf(name.trimmed().toLower());
    return i < 0 ? std::nullopt : std::optional(Kind(i));
}

QString AlertChannel::tlsName(Tls tls)
{
    return kTls.at(int(tls));
}

std::optional<AlertChannel::Tls> AlertChannel::tlsFromName(const QString &name)
{
    const qsizetype i = kTls.indexOf(name.trimmed().toLower());
    return i < 0 ? std::nullopt : std::optional(Tls(i));
}

QString AlertChannel::shownAddress(const QUrl &url)
{
    QString out = url.scheme() + QStringLiteral("://") + url.host();
    if (url.port() > 0)
        out += QLatin1Char(':') + QString::number(url.port());
    if (url.path().size() > 1 || url.hasQuery())
        out += QStringLiteral("/…");
    return out;
}

QString AlertChannel::eventsText() const
{
    return events.isEmpty() ? QStringLiteral("every event") : Alert::eventsText(events);
}

QByteArray AlertChannelSecrets::toBlob() const
{
    QJsonObject o;
    if (!url.isEmpty())
        o.insert(QStringLiteral("url"), url);
    if (!signingKey.isEmpty())
        o.insert(QStringLiteral("signing_key"), QString::fromUtf8(signingKey));
    if (!password.isEmpty())
        o.insert(QStringLiteral("password"), QString::fromUtf8(password));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

AlertChannelSecrets AlertChannelSecrets::fromBlob(const QByteArray &blob)
{
    const QJsonObject o = QJsonDocument::fromJson(blob).object();
    AlertChannelSecrets s;
    s.url = o.value(QStringLiteral("url")).toString();
    s.signingKey = o.value(QStringLiteral("signing_key")).toString().toUtf8();
    s.password = o.value(QStringLiteral("password")).toString().toUtf8();
    return s;
}

} // namespace llmux
