#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "core/domain/KeyPermissions.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ProjectRepository.h"

#include <QTimeZone>

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux key create NAME [--expires-in DAYS | --expires YYYY-MM-DD] [--project P]\n"
    "                 [--allow-model PATTERN]... [--allow-endpoint E]... [--scope S]\n"
    "       llmux key set NAME [--project P | --no-project] [--allow-model PATTERN]... |\n"
    "                 [--any-model] [--allow-endpoint E]... | [--any-endpoint] [--scope S]\n"
    "       llmux key list | revoke NAME | disable NAME | enable NAME");

// The options that say which project a key is in and what it may use, for create and set.
void addAccessOptions(ArgParser &p, bool changing)
{
    p.addOptions({
        {QStringLiteral("project"), QStringLiteral("The project the key belongs to."),
         QStringLiteral("P")},
        {QStringLiteral("allow-model"),
         QStringLiteral("A public model name or pattern (deepseek-*) the key may use; repeat "
                        "for more. Without any, every model."),
         QStringLiteral("PATTERN")},
        {QStringLiteral("allow-endpoint"),
         QStringLiteral("An endpoint the key may use (%1); repeat or separate with commas. "
                        "Without any, every endpoint.")
             .arg(KeyPermissions::endpointNames().join(QStringLiteral(", "))),
         QStringLiteral("E")},
        {QStringLiteral("scope"),
         QStringLiteral("inference (the default), read (models and usage only) or admin."),
         QStringLiteral("S")},
    });
    if (changing)
        p.addOptions({
            {QStringLiteral("no-project"), QStringLiteral("Take the key out of its project.")},
            {QStringLiteral("any-model"), QStringLiteral("Let the key use every model again.")},
            {QStringLiteral("any-endpoint"),
             QStringLiteral("Let the key use every endpoint again.")},
        });
}

// Applies the access options given to the record; an error names the option that is wrong.
Status applyAccessOptions(CliContext &ctx, const ArgParser &p, GatewayKeyRecord &record,
                          bool changing)
{
    // Only `key set` has the options that undo a restriction.
    auto isSet = [&p, changing](const char *option) {
        const QString name = QString::fromLatin1(option);
        const bool undoing =
            name == u"no-project" || name == u"any-model" || name == u"any-endpoint";
        return (changing || !undoing) && p.isSet(name);
    };
    if (isSet("project") && isSet("no-project"))
        return Status::failure(QStringLiteral("Use either --project or --no-project."));
    if (isSet("project")) {
        const QString name = p.value(QStringLiteral("project"));
        const auto project = ProjectRepository(ctx.db()).findByName(name);
        if (!project)
            return project.status();
        if (!project->has_value())
            return Status::failure(QStringLiteral("There is no project named '%1'. Add it "
                                                  "first: llmux project add %1")
                                       .arg(name));
        record.projectId = (*project)->id;
    } else if (isSet("no-project")) {
        record.projectId.reset();
    }
    if (isSet("allow-model") && isSet("any-model"))
        return Status::failure(QStringLiteral("Use either --allow-model or --any-model."));
    if (isSet("allow-model"))
        record.allowedModels = p.values(QStringLiteral("allow-model"));
    else if (isSet("any-model"))
        record.allowedModels.clear();
    if (isSet("allow-endpoint") && isSet("any-endpoint"))
        return Status::failure(QStringLiteral("Use either --allow-endpoint or --any-endpoint."));
    if (isSet("allow-endpoint")) {
        record.allowedEndpoints.clear();
        for (const QString &value : p.values(QStringLiteral("allow-endpoint")))
            for (const QString &endpoint : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
                if (!record.allowedEndpoints.contains(endpoint.trimmed().toLower()))
                    record.allowedEndpoints << endpoint.trimmed().toLower();
    } else if (isSet("any-endpoint")) {
        record.allowedEndpoints.clear();
    }
    if (isSet("scope")) {
        const auto scope = KeyPermissions::scopeFromName(p.value(QStringLiteral("scope")));
        if (!scope)
            return Status::failure(
                QStringLiteral("--scope takes %1.")
                    .arg(KeyPermissions::scopeNames().join(QStringLiteral(", "))));
        record.scope = KeyPermissions::scopeName(*scope);
    }
    if (const QString problem =
            KeyPermissions::problemWith(record.allowedModels, record.allowedEndpoints);
        !problem.isEmpty())
        return Status::failure(problem);
    return Status::success();
}

// "project team-a, models deepseek-*, endpoints chat, read scope", or empty for a key that may
// use everything and belongs to no project.
QString accessSummary(const GatewayKeyRecord &k)
{
    QStringList parts;
    if (k.projectId)
        parts << QStringLiteral("project ") + k.projectName;
    if (!k.allowedModels.isEmpty())
        parts << QStringLiteral("models ") + k.allowedModels.join(QLatin1Char(' '));
    if (!k.allowedEndpoints.isEmpty())
        parts << QStringLiteral("endpoints ") + k.allowedEndpoints.join(QLatin1Char(','));
    if (k.scope != u"inference")
        parts << k.scope + QStringLiteral(" scope");
    return parts.join(QStringLiteral(", "));
}

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
    addAccessOptions(p, false);
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
    if (Status access = applyAccessOptions(ctx, p, record, false); !access)
        return ctx.fail(access.error());
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
        if (const QString access = accessSummary(k); !access.isEmpty())
            ctx.out() << "  (" << access << ')';
        ctx.out() << '\n';
    }
    ctx.out() << Qt::flush;
    return 0;
}

int set(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage, QStringLiteral("Changes which project a gateway key is in and what it may "
                                       "use. Running gateways apply it within a second."));
    addAccessOptions(p, true);
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const QString name = p.positionalArguments().first();
    GatewayKeyRepository keys(ctx.db());
    const auto live = keys.list(false);
    if (!live)
        return ctx.fail(live.error());
    const auto found = std::find_if(live->cbegin(), live->cend(),
                                    [&](const GatewayKeyRecord &k) { return k.name == name; });
    if (found == live->cend())
        return ctx.fail(QStringLiteral("There is no active key named '%1'.").arg(name));
    GatewayKeyRecord record = *found;
    if (Status access = applyAccessOptions(ctx, p, record, true); !access)
        return ctx.fail(access.error());
    if (record.projectId != found->projectId)
        if (Status s = keys.setProject(name, record.projectId); !s)
            return ctx.fail(s.error());
    if (Status s =
            keys.setPermissions(name, record.allowedModels, record.allowedEndpoints, record.scope);
        !s)
        return ctx.fail(s.error());
    const auto updated = keys.list(false);
    QString access;
    if (updated)
        for (const GatewayKeyRecord &k : updated.value())
            if (k.name == name)
                access = accessSummary(k);
    ctx.out() << "Key '" << name << "': "
              << (access.isEmpty() ? QStringLiteral("no project, may use everything") : access)
              << ". Running gateways apply this within a second." << Qt::endl;
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
                          {"set", set},
                          {"list", list},
                          {"revoke", change(QStringLiteral("revoke"))},
                          {"disable", change(QStringLiteral("disable"))},
                          {"enable", change(QStringLiteral("enable"))}});
}

} // namespace llmux::cli
