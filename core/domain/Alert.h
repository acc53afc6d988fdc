#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace llmux {

// Something worth telling the user about, as every channel sends it: what happened (the event),
// to what (the subject: a budget, provider, key, route or limit), in a title and a few lines.
struct Alert
{
    enum class Event {
        BudgetThreshold, // a budget's spending went past one of its alert thresholds
        BudgetExhausted, // ... past 100 %
        LimitHit,        // a rate limit refused requests again and again
        KeyRejected,     // a provider rejected one of its API keys, or it ran out of credit
        ProviderDown,    // the health checks found no working key
        ProviderRecovered,
        RouteFailing, // every target of a route failed a request
        KeyExpiring,  // a gateway key expires soon
        Test,         // `llmux alert test`, the Alerts page's Test button
    };
    enum class Severity { Info, Warning, Critical };

    Event event = Event::Test;
    QString subject; // names what it is about; with the event, what repeats are throttled by
    Severity severity = Severity::Info;
    QString title;
    QString message;
    QDateTime at; // UTC
    // A few facts for machines (the webhook's "details"): name and value.
    QList<QPair<QString, QString>> details{};

    static const QList<Event> &allEvents();
    // "budget-threshold", "provider-down", ...
    static QString eventName(Event event);
    static std::optional<Event> eventFromName(const QString &name);
    // "Budget threshold reached", for lists and the GUI.
    static QString eventText(Event event);
    static QString severityName(Severity severity);
    // Events as "a,b,c"; nullopt when one is not an event (the wrong name goes to *bad).
    static std::optional<QList<Event>> eventsFromText(const QString &text, QString *bad = nullptr);
    static QString eventsText(const QList<Event> &events);

    // The title and message as one text, for channels that have no title of their own.
    QString text() const;
};

// Where alerts go: a generic webhook, Slack, DingTalk, Feishu/Lark, or e-mail. What is not secret
// is kept here (and in the database); the address of a webhook (its token is in it), its signing
// secret and the SMTP password are kept in the keychain (AlertChannelSecrets).
struct AlertChannel
{
    enum class Kind { Webhook, Slack, DingTalk, Feishu, Email };
    enum class Tls { StartTls, Implicit, None };

    qint64 id = 0;
    QString name;
    Kind kind = Kind::Webhook;
    // What the address is, without its secret parts ("https://oapi.dingtalk.com/…"), or for
    // e-mail the server ("smtp://mail.example.com:587").
    QString where;
    // E-mail only.
    QString from;
    QStringList to;
    QString user;
    Tls tls = Tls::StartTls;
    QString caFile; // a PEM bundle to trust for the server (a private CA) instead of the default
    QList<Alert::Event> events; // empty: every event
    bool enabled = true;
    QDateTime createdAt;

    bool wants(Alert::Event event) const
    {
        return enabled &&
               (event == Alert::Event::Test || events.isEmpty() || events.contains(event));
    }

    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    static QString tlsName(Tls tls);
    static std::optional<Tls> tlsFromName(const QString &name);
    // An address as it may be shown: scheme, host and port, the rest (tokens) left out.
    static QString shownAddress(const QUrl &url);
    // "every event" or the event names.
    QString eventsText() const;
};

// A channel's secrets, stored together as one keychain entry.
struct AlertChannelSecrets
{
    QString url;           // webhook address (Slack, DingTalk, Feishu, generic)
    QByteArray signingKey; // webhook HMAC secret, DingTalk/Feishu signing secret
    QByteArray password;   // SMTP password

    QByteArray toBlob() const;
    static AlertChannelSecrets fromBlob(const QByteArray &blob);
};

// What a receiver said to one alert: whether it took it, and its answer in a line.
struct AlertDelivery
{
    qint64 channelId = 0;
    QString channel;
    bool ok = false;
    QString answer;
};

// One alert as the history keeps it, with what each channel said.
struct AlertRecord
{
    qint64 id = 0;
    Alert alert{};
    QList<AlertDelivery> deliveries{};
};

} // namespace llmux
