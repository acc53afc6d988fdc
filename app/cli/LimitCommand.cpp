#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "core/domain/KeyPermissions.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ProjectRepository.h"
#include "core/store/RateLimitRepository.h"

namespace llmux::cli {
namespace {

const QString kUsage =
    QStringLiteral("llmux limit add (--global | --endpoint E | --project P | --key K | --model M)\n"
                   "                (--requests N/WINDOW | --tokens N/WINDOW | --concurrent N)\n"
                   "       llmux limit list | remove ID\n"
                   "WINDOW is a number and a unit: 30s, 1m, 5m, 1h, 1d (up to a day).");

// Which of the scope options was given, and its subject; an error when not exactly one.
Status readScope(CliContext &ctx, const ArgParser &p, RateLimit &limit)
{
    const QList<std::pair<const char *, RateLimit::Scope>> scopes = {
        {"global", RateLimit::Scope::Global},
        {"endpoint", RateLimit::Scope::Endpoint},
        {"project", RateLimit::Scope::Project},
        {"key", RateLimit::Scope::Key},
        {"model", RateLimit::Scope::Model}};
    int given = 0;
    for (const auto &[name, scope] : scopes)
        if (p.isSet(QString::fromLatin1(name))) {
            ++given;
            limit.scope = scope;
            if (scope != RateLimit::Scope::Global)
                limit.subject = p.value(QString::fromLatin1(name)).trimmed();
        }
    if (given != 1)
        return Status::failure(QStringLiteral("Say what the limit is for: one of --global, "
                                              "--endpoint E, --project P, --key K, --model M."));
    switch (limit.scope) {
    case RateLimit::Scope::Global:
        return Status::success();
    case RateLimit::Scope::Endpoint:
        if (!KeyPermissions::endpointNames().contains(limit.subject))
            return Status::failure(QStringLiteral("'%1' is not an endpoint LLMux knows; use %2.")
                                       .arg(limit.subject, KeyPermissions::endpointNames().join(
                                                               QStringLiteral(", "))));
        return Status::success();
    case RateLimit::Scope::Project: {
        const auto project = ProjectRepository(ctx.db()).findByName(limit.subject);
        if (!project)
            return project.status();
        if (!project->has_value())
            return Status::failure(
                QStringLiteral("There is no project named '%1'.").arg(limit.subject));
        limit.subject = (*project)->name;
        return Status::success();
    }
    case RateLimit::Scope::Key: {
        const auto keys = GatewayKeyRepository(ctx.db()).list(false);
        if (!keys)
            return keys.status();
        for (const GatewayKeyRecord &k : keys.value())
            if (k.name == limit.subject)
                return Status::success();
        return Status::failure(
            QStringLiteral("There is no active key named '%1'.").arg(limit.subject));
    }
    case RateLimit::Scope::Model:
        if (limit.subject.isEmpty() || limit.subject.size() > 256 ||
            limit.subject.contains(QLatin1Char(' ')))
            return Status::failure(QStringLiteral("--model takes a public model name or pattern "
                                                  "(deepseek-*)."));
        return Status::success();
    }
    return Status::success();
}

Status readRate(const ArgParser &p, RateLimit &limit)
{
    const int given = int(p.isSet(QStringLiteral("requests"))) +
                      int(p.isSet(QStringLiteral("tokens"))) +
                      int(p.isSet(QStringLiteral("concurrent")));
    if (given != 1)
        return Status::failure(QStringLiteral("Say how much: one of --requests N/WINDOW, --tokens "
                                              "N/WINDOW or --concurrent N (e.g. --requests "
                                              "60/1m)."));
    if (p.isSet(QStringLiteral("concurrent"))) {
        bool ok = false;
        limit.kind = RateLimit::Kind::Concurrent;
        limit.amount = p.value(QStringLiteral("concurrent")).toLongLong(&ok);
        if (!ok || limit.amount <= 0)
            return Status::failure(QStringLiteral("--concurrent takes a positive number."));
        return Status::success();
    }
    const bool requests = p.isSet(QStringLiteral("requests"));
    limit.kind = requests ? RateLimit::Kind::Requests : RateLimit::Kind::Tokens;
    const QString option = requests ? QStringLiteral("requests") : QStringLiteral("tokens");
    const auto rate = RateLimit::rateFromText(p.value(option));
    if (!rate)
        return Status::failure(QStringLiteral("--%1 takes N/WINDOW, e.g. 60/1m, 300/5m, 2000/1h "
                                              "(windows from 1s to 1d).")
                                   .arg(option));
    std::tie(limit.amount, limit.windowMs) = *rate;
    return Status::success();
}

int add(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage, QStringLiteral("Adds a rate limit. Every limit that applies to a request "
                                       "must let it through; windows slide (no double burst at "
                                       "a window's edge)."));
    p.addOptions({
        {QStringLiteral("global"), QStringLiteral("Counts every request.")},
        {QStringLiteral("endpoint"),
         QStringLiteral("Counts one endpoint (%1).")
             .arg(KeyPermissions::endpointNames().join(QStringLiteral(", "))),
         QStringLiteral("E")},
        {QStringLiteral("project"), QStringLiteral("Counts the keys of one project."),
         QStringLiteral("P")},
        {QStringLiteral("key"), QStringLiteral("Counts one gateway key."), QStringLiteral("K")},
        {QStringLiteral("model"), QStringLiteral("Counts a public model name or pattern."),
         QStringLiteral("M")},
        {QStringLiteral("requests"), QStringLiteral("Requests per window."),
         QStringLiteral("N/WINDOW")},
        {QStringLiteral("tokens"),
         QStringLiteral("Tokens (prompt and answer) per window; admitted on an estimate of the "
                        "prompt, settled on the real usage."),
         QStringLiteral("N/WINDOW")},
        {QStringLiteral("concurrent"), QStringLiteral("Requests at once."), QStringLiteral("N")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    RateLimit limit;
    if (Status s = readScope(ctx, p, limit); !s)
        return ctx.fail(s.error());
    if (Status s = readRate(p, limit); !s)
        return ctx.fail(s.error());
    const auto id = RateLimitRepository(ctx.db()).add(limit);
    if (!id)
        return ctx.fail(id.error());
    ctx.out() << "Added limit " << id.value() << ": " << limit.subjectText() << ", "
              << limit.rateText() << ". Running gateways apply it within a second." << Qt::endl;
    return 0;
}

int list(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux limit list"), QStringLiteral("Lists the rate limits."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto limits = RateLimitRepository(ctx.db()).list();
    if (!limits)
        return ctx.fail(limits.error());
    if (limits->isEmpty())
        ctx.out() << "No rate limits. Add one: llmux limit add --key NAME --requests 60/1m\n";
    for (const RateLimit &l : limits.value())
        ctx.out() << qSetFieldWidth(5) << Qt::left << l.id << qSetFieldWidth(28) << l.subjectText()
                  << qSetFieldWidth(0) << l.rateText() << '\n';
    ctx.out() << Qt::flush;
    return 0;
}

int remove(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux limit remove ID"),
                QStringLiteral("Removes a rate limit (its ID from llmux limit list)."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    bool ok = false;
    const qint64 id = p.positionalArguments().first().toLongLong(&ok);
    if (!ok)
        return ctx.fail(QStringLiteral("Give the limit's ID, as llmux limit list shows it."));
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    if (Status s = RateLimitRepository(ctx.db()).remove(id); !s)
        return ctx.fail(s.error());
    ctx.out() << "Removed limit " << id << '.' << Qt::endl;
    return 0;
}

} // namespace

int runLimit(CliContext &ctx, const QStringList &args)
{
    return runSubcommand(ctx, args, QStringLiteral("limit"), kUsage,
                         {{"add", add}, {"list", list}, {"remove", remove}});
}

} // namespace llmux::cli
