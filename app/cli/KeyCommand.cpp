#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/GatewayKeyRepository.h"

#include <QTimeZone>

namespace llmux::cli {
namespace {

const QString kUsage =
    QStringLiteral("llmux key create NAME [--expires-in DAYS | --expires YYYY-MM-DD]\n"
                   "       llmux key list | revoke NAME | disable NAME | enable NAME");

int create(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage, QStringLiteral("Creates a gateway key for a client. It is shown once; "
                                       "LLMux keeps only its hash."));
    p.addOptions({
        {QStringLiteral("expires-in"), QStringLiteral("Days until the key expires."),
         QStringLiteral("DAYS")},
        {QStringLiteral("expires"), QStringLiteral("Expiry date (UTC, end of day)."),
         QStringLiteral("YYYY-MM-DD")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    GatewayKeyRecord record;
    record.name = p.positionalArguments().first().trimmed();
    if (record.name.isEmpty())
        return ctx.fail(QStringLiteral("A key needs a name, e.g. 'cherry-studio'."));
    if (p.isSet(QStringLiteral("expires-in")) && p.isSet(QStringLiteral("expires")))
        return ctx.fail(QStringLiteral("Use either --expires-in or --expires."));
    if (p.isSet(QStringLiteral("expires-in"))) {
        bool ok = false;
        const double days = p.value(QStringLiteral("expires-in")).toDouble(&ok);
        if (!ok || days <= 0)
            return ctx.fail(QStringLiteral("--expires-in takes a positive number of days."));
        record.expiresAt = QDateTime::currentDateTimeUtc().addMSecs(qint64(days * 86400000.0));
    } else if (p.isSet(QStringLiteral("expires"))) {
        const QDate date = QDate::fromString(p.value(QStringLiteral("expires")), Qt::ISODate);
        if (!date.isValid() || date < QDate::currentDate())
            return ctx.fail(QStringLiteral("--expires takes a future date like 2027-01-31."));
        record.expiresAt = QDateTime(date, QTime(23, 59, 59), Qt::UTC);
    }
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto issued = GatewayKeyIssuer::issue(ctx.db(), record);
    if (!issued)
        return ctx.fail(issued.error());
    ctx.out() << issued->key << Qt::endl;
    ctx.err() << "Created key '" << record.name << "'. Copy it now: LLMux stores only its hash and "
              << "cannot show it again." << Qt::endl;
    return 0;
}

int list(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux key list"), QStringLiteral("Lists gateway keys."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto keys = GatewayKeyRepository(ctx.db()).list();
    if (!keys)
        return ctx.fail(keys.error());
    if (keys->isEmpty())
        ctx.out() << "No keys yet. Create one: llmux key create NAME\n";
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const GatewayKeyRecord &k : keys.value()) {
        const QString state = k.isRevoked()      ? QStringLiteral("revoked")
                              : k.disabled       ? QStringLiteral("disabled")
                              : k.isExpired(now) ? QStringLiteral("expired")
                                                 : QStringLiteral("active");
        ctx.out() << qSetFieldWidth(20) << Qt::left << k.name << qSetFieldWidth(18)
                  << k.displayPrefix << qSetFieldWidth(9) << state << qSetFieldWidth(0)
                  << " created " << k.createdAt.toUTC().toString(Qt::ISODate);
        if (k.expiresAt.isValid())
            ctx.out() << "  expires " << k.expiresAt.toUTC().toString(Qt::ISODate);
        ctx.out() << '\n';
    }
    ctx.out() << Qt::flush;
    return 0;
}

int change(CliContext &ctx, const QStringList &args, const QString &verb)
{
    ArgParser p(QStringLiteral("llmux key %1 NAME").arg(verb),
                QStringLiteral("Changes a gateway key."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const QString name = p.positionalArguments().first();
    GatewayKeyRepository keys(ctx.db());
    const Status s = verb == QLatin1String("revoke")
                         ? keys.revoke(name)
                         : keys.setDisabled(name, verb == QLatin1String("disable"));
    if (!s)
        return ctx.fail(s.error());
    ctx.out() << "Key '" << name << "': "
              << (verb == QLatin1String("revoke") ? QStringLiteral("revoked")
                                                  : QString(verb + QStringLiteral("d")))
              << ". Running gateways apply this within a second." << Qt::endl;
    return 0;
}

} // namespace

int runKey(CliContext &ctx, const QStringList &args)
{
    auto change = [](const QString &action) {
        return [action](CliContext &c, const QStringList &a) { return cli::change(c, a, action); };
    };
    return runSubcommand(ctx, args, QStringLiteral("key"), kUsage,
                         {{"create", create},
                          {"list", list},
                          {"revoke", change(QStringLiteral("revoke"))},
                          {"disable", change(QStringLiteral("disable"))},
                          {"enable", change(QStringLiteral("enable"))}});
}

} // namespace llmux::cli
