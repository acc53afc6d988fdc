#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "core/config/ListenSettings.h"
#include "core/services/AgentConnector.h"
#include "core/store/ModelRepository.h"
#include "core/store/SettingsRepository.h"

#include <QDir>

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral(
    "llmux connect claude-code|codex|gemini-cli [--model M] [--key NAME] [--dry-run]\n"
    "       llmux connect claude-code|codex|gemini-cli --undo\n"
    "       llmux connect --status");

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

int status(CliContext &ctx, const AgentConnector &connector)
{
    const QString here = rootUrl(ctx);
    for (AgentWiring::Agent agent : AgentWiring::agents()) {
        const AgentWiring::State s = connector.state(agent);
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

int undo(CliContext &ctx, AgentConnector &connector, AgentWiring::Agent agent)
{
    const Result<QString> keyName = connector.disconnect(agent);
    if (!keyName)
        return ctx.fail(keyName.error());
    ctx.out() << "Restored the configuration of " << AgentWiring::name(agent)
              << " as it was before LLMux changed it." << Qt::endl;
    if (!keyName->isEmpty())
        ctx.out() << "Revoked the gateway key '" << *keyName << "' made for it." << Qt::endl;
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
    AgentConnector connector(ctx.db(), QDir::homePath(), AgentConnector::stateDirIn(ctx.dataDir()));
    if (p.isSet(QStringLiteral("status")))
        return status(ctx, connector);

    const QString agentName = p.positionalArguments().first();
    const std::optional<AgentWiring::Agent> agent = AgentWiring::fromName(agentName);
    if (!agent)
        return ctx.fail(QStringLiteral("LLMux can set up claude-code, codex or gemini-cli, not "
                                       "'%1'.")
                            .arg(agentName.left(40)));
    if (p.isSet(QStringLiteral("undo")))
        return undo(ctx, connector, *agent);

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
    const QString root = rootUrl(ctx);
    const Result<QList<AgentWiring::FileChange>> changes = connector.preview(*agent, root, model);
    if (!changes)
        return ctx.fail(changes.error());
    ctx.out() << "Setting up " << AgentWiring::name(*agent) << " to use LLMux at " << root
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
    if (Status connected = connector.connect(*agent, root, model, keyName); !connected)
        return ctx.fail(connected.error());
    ctx.out() << "Done. The gateway key '" << keyName << "' was made for it; "
              << "`llmux connect " << AgentWiring::name(*agent)
              << " --undo` puts the files back as they were." << Qt::endl;
    return 0;
}

} // namespace llmux::cli
