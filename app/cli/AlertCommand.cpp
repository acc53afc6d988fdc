#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "app/cli/WaitFor.h"
#include "core/alerts/AlertCenter.h"
#include "core/services/AlertChannelStore.h"
#include "core/store/AlertRepository.h"

#include <QFile>

#include <optional>

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux alert add webhook|slack|dingtalk|feishu NAME (--url URL | --url-env VAR)\n"
    "                [--secret-env VAR | --secret -] [--events LIST]\n"
    "       llmux alert add email NAME --smtp smtp://HOST[:PORT] --from ADDRESS --to "
    "ADDRESS[,...]\n"
    "                [--user USER (--password-env VAR | --password -)] [--tls starttls|tls|none]\n"
    "                [--ca-file FILE] [--events LIST]\n"
    "       llmux alert set ID|NAME [--events LIST | --all-events] [--enable | --disable]\n"
    "       llmux alert list | test ID|NAME | remove ID|NAME | history [--limit N] | events");

QString eventList()
{
    QStringList lines;
    for (Alert::Event e : Alert::allEvents())
        lines << QStringLiteral("  %1  %2").arg(Alert::eventName(e), -18).arg(Alert::eventText(e));
    return lines.join(QLatin1Char('\n'));
}

// A secret from an environment variable or standard input ("-"), or nothing when neither option
// is given.
Result<QByteArray> secretFrom(const ArgParser &p, const QString &envOption,
                              const QString &stdinOption, const QString &what)
{
    if (p.isSet(envOption) && p.isSet(stdinOption))
        return Status::failure(QStringLiteral("Give the %1 one way: --%2 VAR or --%3 -.")
                                   .arg(what, envOption, stdinOption));
    if (p.isSet(envOption)) {
        const QByteArray value = qgetenv(p.value(envOption).toLocal8Bit().constData());
        if (value.isEmpty())
            return Status::failure(QStringLiteral("The environment variable %1 (the %2) is not "
                                                  "set.")
                                       .arg(p.value(envOption), what));
        return value;
    }
    if (p.isSet(stdinOption)) {
        if (p.value(stdinOption) != QLatin1String("-"))
            return Status::failure(QStringLiteral("--%1 only takes '-' (read from standard "
                                                  "input): a secret on the command line ends "
                                                  "up in your shell history.")
                                       .arg(stdinOption));
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Status::failure(
                QStringLiteral("Cannot read the %1 from standard input.").arg(what));
        const QByteArray value = in.readAll().trimmed();
        if (value.isEmpty())
            return Status::failure(QStringLiteral("No %1 arrived on standard input.").arg(what));
        return value;
    }
    return QByteArray();
}

Status readEvents(const ArgParser &p, AlertChannel &c)
{
    if (!p.isSet(QStringLiteral("events")))
        return Status::success();
    QString bad;
    const auto events = Alert::eventsFromText(p.value(QStringLiteral("events")), &bad);
    if (!events)
        return Status::failure(QStringLiteral("'%1' is not an event. The events are:\n%2")
                                   .arg(bad.left(50), eventList()));
    c.events = *events;
    return Status::success();
}

int add(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage, QStringLiteral("Adds a channel alerts are sent to. Its address and "
                                       "secrets are kept in the OS keychain. Without --events "
                                       "it gets every event (llmux alert events lists them)."));
    p.addOptions({
        {QStringLiteral("url"), QStringLiteral("The webhook's address."), QStringLiteral("URL")},
        {QStringLiteral("url-env"),
         QStringLiteral("Read the webhook's address from this environment variable."),
         QStringLiteral("VAR")},
        {QStringLiteral("secret-env"),
         QStringLiteral("The signing secret (DingTalk, Feishu, or a webhook's HMAC key), from "
                        "this environment variable."),
         QStringLiteral("VAR")},
        {QStringLiteral("secret"), QStringLiteral("'-': read the signing secret from stdin."),
         QStringLiteral("-")},
        {QStringLiteral("smtp"), QStringLiteral("The mail server, smtp://HOST:PORT."),
         QStringLiteral("URL")},
        {QStringLiteral("from"), QStringLiteral("The sender's address."),
         QStringLiteral("ADDRESS")},
        {QStringLiteral("to"), QStringLiteral("Who gets the mail (comma-separated)."),
         QStringLiteral("ADDRESSES")},
        {QStringLiteral("user"), QStringLiteral("The login at the mail server."),
         QStringLiteral("USER")},
        {QStringLiteral("password-env"),
         QStringLiteral("The login's password, from this environment variable."),
         QStringLiteral("VAR")},
        {QStringLiteral("password"), QStringLiteral("'-': read the password from stdin."),
         QStringLiteral("-")},
        {QStringLiteral("tls"),
         QStringLiteral("starttls (default: required, not merely tried), tls (port 465) or "
                        "none."),
         QStringLiteral("MODE")},
        {QStringLiteral("ca-file"),
         QStringLiteral("A PEM file of certificates to trust for the mail server (a private "
                        "CA), instead of the default bundle."),
         QStringLiteral("FILE")},
        {QStringLiteral("events"), QStringLiteral("Only these events (comma-separated)."),
         QStringLiteral("LIST")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 2); code >= 0)
        return code;
    const auto kind = AlertChannel::kindFromName(p.positionalArguments().at(0));
    if (!kind)
        return ctx.fail(QStringLiteral("The kind of channel is one of webhook, slack, dingtalk, "
                                       "feishu or email."));
    AlertChannel c;
    c.kind = *kind;
    c.name = p.positionalArguments().at(1).trimmed();
    if (Status s = readEvents(p, c); !s)
        return ctx.fail(s.error());
    AlertChannelSecrets secrets;
    if (c.kind == AlertChannel::Kind::Email) {
        c.where = p.value(QStringLiteral("smtp"));
        c.from = p.value(QStringLiteral("from"));
        c.to = p.value(QStringLiteral("to")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &to : c.to)
            to = to.trimmed();
        c.user = p.value(QStringLiteral("user"));
        c.caFile = p.value(QStringLiteral("ca-file"));
        if (p.isSet(QStringLiteral("tls"))) {
            const auto tls = AlertChannel::tlsFromName(p.value(QStringLiteral("tls")));
            if (!tls)
                return ctx.fail(QStringLiteral("--tls takes starttls, tls or none."));
            c.tls = *tls;
        } else if (c.where.startsWith(QLatin1String("smtps:"))) {
            c.tls = AlertChannel::Tls::Implicit;
        }
        const auto password = secretFrom(p, QStringLiteral("password-env"),
                                         QStringLiteral("password"), QStringLiteral("password"));
        if (!password)
            return ctx.fail(password.error());
        secrets.password = password.value();
    } else {
        if (p.isSet(QStringLiteral("url")) == p.isSet(QStringLiteral("url-env")))
            return ctx.fail(QStringLiteral("Give the webhook's address: --url URL or --url-env "
                                           "VAR."));
        secrets.url = p.isSet(QStringLiteral("url"))
                          ? p.value(QStringLiteral("url"))
                          : qEnvironmentVariable(
                                p.value(QStringLiteral("url-env")).toLocal8Bit().constData());
        const auto secret = secretFrom(p, QStringLiteral("secret-env"), QStringLiteral("secret"),
                                       QStringLiteral("signing secret"));
        if (!secret)
            return ctx.fail(secret.error());
        secrets.signingKey = secret.value();
    }
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto id = AlertChannelStore(ctx.db(), ctx.secrets()).add(c, secrets);
    if (!id)
        return ctx.fail(id.error());
    ctx.out() << "Alert channel " << id.value() << " (" << c.name << ", "
              << AlertChannel::kindName(c.kind) << ") gets " << c.eventsText()
              << ". Try it: llmux alert test " << id.value() << Qt::endl;
    return 0;
}

std::optional<AlertChannel> findChannel(CliContext &ctx, const QString &which)
{
    const auto channel = AlertRepository(ctx.db()).channel(which);
    if (!channel) {
        ctx.fail(channel.error());
        return std::nullopt;
    }
    return channel.value();
}

int set(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux alert set ID|NAME [--events LIST | --all-events] "
                               "[--enable | --disable]"),
                QStringLiteral("Changes which events a channel gets, or turns it off and on."));
    p.addOptions({
        {QStringLiteral("events"), QStringLiteral("Only these events (comma-separated)."),
         QStringLiteral("LIST")},
        {QStringLiteral("all-events"), QStringLiteral("Every event.")},
        {QStringLiteral("enable"), QStringLiteral("Send to it.")},
        {QStringLiteral("disable"), QStringLiteral("Send nothing to it for now.")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (p.isSet(QStringLiteral("events")) && p.isSet(QStringLiteral("all-events")))
        return ctx.fail(QStringLiteral("Use --events LIST or --all-events, not both."));
    if (p.isSet(QStringLiteral("enable")) && p.isSet(QStringLiteral("disable")))
        return ctx.fail(QStringLiteral("Use --enable or --disable, not both."));
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    std::optional<AlertChannel> c = findChannel(ctx, p.positionalArguments().first());
    if (!c)
        return 1;
    if (Status s = readEvents(p, *c); !s)
        return ctx.fail(s.error());
    if (p.isSet(QStringLiteral("all-events")))
        c->events.clear();
    if (p.isSet(QStringLiteral("enable")) || p.isSet(QStringLiteral("disable")))
        c->enabled = p.isSet(QStringLiteral("enable"));
    if (Status s = AlertRepository(ctx.db()).updateChannel(*c); !s)
        return ctx.fail(s.error());
    ctx.out() << "Alert channel " << c->id << " (" << c->name << ") "
              << (c->enabled ? "gets " + c->eventsText() : QStringLiteral("is off")) << '.'
              << Qt::endl;
    return 0;
}

int list(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux alert list"),
                QStringLiteral("Lists alert channels (never their secrets)."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto channels = AlertRepository(ctx.db()).channels();
    if (!channels)
        return ctx.fail(channels.error());
    if (channels->isEmpty())
        ctx.out() << "No alert channels. Add one: llmux alert add slack team --url-env "
                     "SLACK_WEBHOOK\n";
    for (const AlertChannel &c : channels.value()) {
        ctx.out() << c.id << "  " << c.name << "  " << AlertChannel::kindName(c.kind) << "  "
                  << c.where;
        if (c.kind == AlertChannel::Kind::Email)
            ctx.out() << " (" << AlertChannel::tlsName(c.tls) << ") from " << c.from << " to "
                      << c.to.join(QStringLiteral(", "));
        ctx.out() << "\n     " << (c.enabled ? c.eventsText() : QStringLiteral("off")) << '\n';
    }
    ctx.out() << Qt::flush;
    return 0;
}

int test(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux alert test ID|NAME"),
                QStringLiteral("Sends a test message to a channel and says what the receiver "
                               "answered."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    std::optional<AlertChannel> c = findChannel(ctx, p.positionalArguments().first());
    if (!c)
        return 1;
    AlertCenter center(ctx.db(), ctx.secrets());
    std::optional<AlertDelivery> delivery;
    center.sendTest(*c, [&delivery](const AlertDelivery &d) { delivery = d; });
    // The keychain may ask to be unlocked first; a receiver gets 15 s.
    if (!waitFor([&delivery] { return delivery.has_value(); }, 90000))
        return ctx.fail(QStringLiteral("No answer from %1 in time.").arg(c->name));
    if (!delivery->ok)
        return ctx.fail(
            QStringLiteral("%1 did not take the test message: %2").arg(c->name, delivery->answer));
    ctx.out() << c->name << " took the test message: " << delivery->answer << Qt::endl;
    return 0;
}

int remove(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux alert remove ID|NAME"),
                QStringLiteral("Removes an alert channel and its secrets."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    std::optional<AlertChannel> c = findChannel(ctx, p.positionalArguments().first());
    if (!c)
        return 1;
    if (Status s = AlertChannelStore(ctx.db(), ctx.secrets()).remove(*c); !s)
        ctx.err() << "Note: " << s.error() << Qt::endl;
    ctx.out() << "Removed alert channel " << c->id << " (" << c->name << ")." << Qt::endl;
    return 0;
}

int history(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux alert history [--limit N]"),
                QStringLiteral("Shows the alerts sent, newest first, and what each channel "
                               "answered."));
    p.addOptions(
        {{QStringLiteral("limit"), QStringLiteral("How many (default 20)."), QStringLiteral("N")}});
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    int limit = 20;
    if (p.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = p.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 10000)
            return ctx.fail(QStringLiteral("--limit takes a number from 1 to 10000."));
    }
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto records = AlertRepository(ctx.db()).history(limit);
    if (!records)
        return ctx.fail(records.error());
    if (records->isEmpty())
        ctx.out() << "No alerts yet.\n";
    for (const AlertRecord &r : records.value()) {
        ctx.out() << r.alert.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                  << "  " << Alert::eventName(r.alert.event) << "  " << r.alert.title << '\n';
        if (!r.alert.message.isEmpty())
            ctx.out()
                << "     "
                << QString(r.alert.message).replace(QLatin1Char('\n'), QStringLiteral("\n     "))
                << '\n';
        if (r.deliveries.isEmpty())
            ctx.out() << "     (no channel wanted it)\n";
        for (const AlertDelivery &d : r.deliveries)
            ctx.out() << "     -> " << d.channel << ": " << (d.ok ? "sent" : "FAILED") << ", "
                      << d.answer << '\n';
    }
    ctx.out() << Qt::flush;
    return 0;
}

int events(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux alert events"),
                QStringLiteral("Lists the events a channel can get."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    ctx.out() << eventList() << Qt::endl;
    return 0;
}

} // namespace

int runAlert(CliContext &ctx, const QStringList &args)
{
    return runSubcommand(ctx, args, QStringLiteral("alert"), kUsage,
                         {{"add", add},
                          {"set", set},
                          {"list", list},
                          {"test", test},
                          {"remove", remove},
                          {"history", history},
                          {"events", events}});
}

} // namespace llmux::cli
