#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "core/config/ListenSettings.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/services/AgentWiring.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/SettingsRepository.h"

#include <QDir>

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux connect claude-code|codex|gemini-cli [--model M] [--key NAME] [--dry-run]\n"
    "       llmux connect claude-code|codex|gemini-cli --undo\n"
    "       llmux connect --status");

// Where LLMux keeps the agents' original files.
QString stateDir(CliContext &ctx)
{
    return QDir(ctx.dataDir()).filePath(QStringLiteral("connect"));
}

// The address agents reach the gateway at: its listen address, with a wildcard as loopback.
QString rootUrl(CliContext &ctx)
{
    const SettingsRepository settings(ctx.db());
    QString host = ListenSettings::storedHost(settings);
    if (host == QLatin1String("0.0.0.0") || host == QLatin1String("::") || host.isEmpty())
        host = QStringLiteral("127.0.0.1");
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("http://%1:%2").arg(host, ListenSettings::storedPort(settings));
}

int status(CliContext &ctx, AgentWiring &wiring)
{
    const QString here = rootUrl(ctx);
    for (AgentWiring::Agent agent : AgentWiring::agents()) {
        const AgentWiring::State s = wiring.state(agent);
        QString line;
        if (s.baseUrl.startsWith(here))
            line = QStringLiteral("uses LLMux (%1)").arg(s.baseUrl);
        else if (!s.baseUrl.isEmpty())
            line = QStringLiteral("points elsewhere (%1)").arg(s.baseUrl);
        else
            line = QStringLiteral("not set up for LLMux");
        if (s.connected)
            line += QStringLiteral("; `llmux connect %1 --undo` restores its files")
                        .arg(AgentWiring::name(agent));
        ctx.out() << qSetFieldWidth(12) << Qt::left << AgentWiring::name(agent) << qSetFieldWidth(0)
                  << line << Qt::endl;
    }
    return 0;
}

int undo(CliContext &ctx, AgentWiring &wiring, AgentWiring::Agent agent)
{
    const Result<QString> keyName = wiring.undo(agent);
    if (!keyName)
        return ctx.fail(keyName.error());
    ctx.out() << "Restored the configuration of " << AgentWiring::name(agent)
              << " as it was before LLMux changed it." << Qt::endl;
    if (!keyName->isEmpty()) {
        if (Status revoked = GatewayKeyRepository(ctx.db()).revoke(*keyName); revoked)
            ctx.out() << "Revoked the gateway key '" << *keyName << "' made for it." << Qt::endl;
    }
    return 0;
}

} // namespace

int runConnect(CliContext &ctx, const QStringList &args)
{
    ArgParser p(kUsage, QStringLiteral("Points a coding agent at LLMux by editing its own "
                                       "configuration (a gateway key is made for it), shows what "
                                       "changes first, and can undo it byte for byte."));
    p.addOptions({
        {QStringLiteral("model"),
         QStringLiteral("The LLMux model the agent uses (default: the "
                        "first enabled model)."),
         QStringLiteral("M")},
        {QStringLiteral("key"),
         QStringLiteral("Name of the gateway key made for the agent "
                        "(default: the agent's name)."),
         QStringLiteral("NAME")},
        {QStringLiteral("dry-run"), QStringLiteral("Show what would change; change nothing.")},
        {QStringLiteral("undo"), QStringLiteral("Restore the agent's files as they were.")},
        {QStringLiteral("status"), QStringLiteral("Which agents use LLMux.")},
    });
    const bool wantsStatus = args.contains(QStringLiteral("--status"));
    if (int code = p.parse(args, ctx.out(), ctx.err(), wantsStatus ? 0 : 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    AgentWiring wiring(QDir::homePath(), stateDir(ctx));
    if (p.isSet(QStringLiteral("status")))
        return status(ctx, wiring);

    const QString agentName = p.positionalArguments().first();
    const std::optional<AgentWiring::Agent> agent = AgentWiring::fromName(agentName);
    if (!agent)
        return ctx.fail(QStringLiteral("LLMux can set up claude-code, codex or gemini-cli, not "
                                       "'%1'.")
                            .arg(agentName.left(40)));
    if (p.isSet(QStringLiteral("undo")))
        return undo(ctx, wiring, *agent);

    // The model: the one named, or the first enabled one.
    const auto models = ModelRepository(ctx.db()).list();
    if (!models)
        return ctx.fail(models.error());
    QString model = p.value(QStringLiteral("model"));
    QStringList enabled;
    for (const ModelRecord &m : models.value())
        if (m.enabled)
            enabled << m.publicName;
    if (enabled.isEmpty())
        return ctx.fail(QStringLiteral("LLMux has no models yet: add a provider and a model "
                                       "first (llmux provider add, llmux model add)."));
    if (model.isEmpty())
        model = enabled.first();
    else if (!enabled.contains(model))
        return ctx.fail(QStringLiteral("There is no enabled model '%1'. Models: %2")
                            .arg(model.left(200), enabled.join(QStringLiteral(", "))));

    const QString keyName =
        p.isSet(QStringLiteral("key")) ? p.value(QStringLiteral("key")) : AgentWiring::name(*agent);
    // The plan first, with a placeholder key: nothing is created or written for a dry run.
    AgentTarget target{rootUrl(ctx), QStringLiteral("<new gateway key>"), model};
    Result<QList<AgentWiring::FileChange>> changes = wiring.plan(*agent, target);
    if (!changes)
        return ctx.fail(changes.error());
    ctx.out() << "Setting up " << AgentWiring::name(*agent) << " to use LLMux at " << target.rootUrl
              << " with model " << model << ":" << Qt::endl;
    for (const AgentWiring::FileChange &change : changes.value())
        ctx.out() << "  " << (change.existed ? "edit   " : "create ") << change.path << Qt::endl;
    if (p.isSet(QStringLiteral("dry-run"))) {
        for (const AgentWiring::FileChange &change : changes.value())
            ctx.out() << "\n--- " << change.path << " would read:\n"
                      << QString::fromUtf8(change.after);
        ctx.out() << Qt::flush;
        return 0;
    }

    // A fresh key for the agent (LLMux keeps only hashes, so an older one cannot be reused).
    GatewayKeyRepository keys(ctx.db());
    (void)keys.revoke(keyName);
    GatewayKeyRecord record;
    record.name = keyName;
    const auto issued = GatewayKeyIssuer::issue(ctx.db(), record);
    if (!issued)
        return ctx.fail(issued.error());
    target.key = issued->key;
    changes = wiring.plan(*agent, target);
    if (!changes) {
        (void)keys.revoke(keyName);
        return ctx.fail(changes.error());
    }
    if (Status applied = wiring.apply(*agent, changes.value(), keyName); !applied) {
        (void)keys.revoke(keyName);
        return ctx.fail(applied.error());
    }
    ctx.out() << "Done. The gateway key '" << keyName << "' was made for it; "
              << "`llmux connect " << AgentWiring::name(*agent)
              << " --undo` puts the files back as they were." << Qt::endl;
    return 0;
}

} // namespace llmux::cli
