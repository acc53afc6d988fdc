// llmux: with no command it opens the desktop app; with a command it is the CLI (serve, provider,
// model, route, key, connect, status). Both faces run the same core.
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/gui/DesktopApp.h"
#include "core/store/DataDir.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <cstring>
#include <memory>

namespace {

const char kUsage[] =
    "Usage: llmux [--data-dir DIR]                 open the desktop app\n"
    "       llmux serve [--host H] [--port P]      run the gateway headless\n"
    "       llmux provider add|set|list|remove|test|presets|key ...\n"
    "       llmux model add|list|remove|enable|disable ...\n"
    "       llmux route add|list|remove ...\n"
    "       llmux health [--check] [--json]\n"
    "       llmux settings [list] | set KEY VALUE | reset KEY\n"
    "       llmux key create|set|list|revoke|disable|enable ...\n"
    "       llmux project add|list|remove ...\n"
    "       llmux limit add|list|remove ...\n"
    "       llmux budget set|list|remove ...\n"
    "       llmux alert add|set|list|test|remove|history|events ...\n"
    "       llmux report usage|billing [--from D] [--to D] [--format csv|json] --output FILE\n"
    "       llmux connect claude-code|codex|gemini-cli [--model M] [--undo] | --status\n"
    "       llmux status\n"
    "Every command takes --data-dir DIR (default: $LLMUX_DATA_DIR or the app-data folder)\n"
    "and --help.\n";

// --data-dir is accepted anywhere on the command line.
QString dataDirFrom(const QStringList &args)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--data-dir") && i + 1 < args.size())
            return args[i + 1];
        if (args[i].startsWith(QLatin1String("--data-dir=")))
            return args[i].mid(11);
    }
    return QString();
}

} // namespace

int main(int argc, char **argv)
{
    const char *command = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--data-dir") == 0) {
            ++i;
            continue;
        }
        if (std::strncmp(argv[i], "--data-dir=", 11) == 0)
            continue;
        command = argv[i];
        break;
    }
    if (!command) {
        QStringList args;
        for (int i = 0; i < argc; ++i)
            args << QString::fromLocal8Bit(argv[i]);
        return llmux::runDesktopApp(argc, argv, llmux::DataDir::resolve(dataDirFrom(args)));
    }

    // A PDF is laid out with fonts, which only a QGuiApplication has; off screen, as a command
    // needs no display.
    bool pdf = false;
    for (int i = 1; i + 1 < argc && std::strcmp(command, "report") == 0; ++i)
        pdf =
            pdf || (std::strcmp(argv[i], "--format") == 0 && std::strcmp(argv[i + 1], "pdf") == 0);
    for (int i = 1; i < argc && std::strcmp(command, "report") == 0; ++i)
        pdf = pdf || std::strcmp(argv[i], "--format=pdf") == 0;
    if (pdf && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> application =
        pdf ? std::make_unique<QGuiApplication>(argc, argv)
            : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("LLMux"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LLMUX_VERSION));
    QStringList args = app.arguments().mid(1);
    const QString dataDir = llmux::DataDir::resolve(dataDirFrom(args));
    // Drop the global --data-dir so each command sees only its own arguments first.
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--data-dir") && i + 1 < args.size() && i == 0) {
            args.remove(0, 2);
            break;
        }
        if (args[i].startsWith(QLatin1String("--data-dir=")) && i == 0) {
            args.remove(0);
            break;
        }
    }
    llmux::cli::CliContext ctx(dataDir);
    const QString name = args.value(0);
    if (name == QLatin1String("serve"))
        return llmux::cli::runServe(ctx, args);
    if (name == QLatin1String("status"))
        return llmux::cli::runStatus(ctx, args);
    if (name == QLatin1String("provider"))
        return llmux::cli::runProvider(ctx, args);
    if (name == QLatin1String("model"))
        return llmux::cli::runModel(ctx, args);
    if (name == QLatin1String("route"))
        return llmux::cli::runRoute(ctx, args);
    if (name == QLatin1String("health"))
        return llmux::cli::runHealth(ctx, args);
    if (name == QLatin1String("settings"))
        return llmux::cli::runSettings(ctx, args);
    if (name == QLatin1String("key"))
        return llmux::cli::runKey(ctx, args);
    if (name == QLatin1String("report"))
        return llmux::cli::runReport(ctx, args);
    if (name == QLatin1String("budget"))
        return llmux::cli::runBudget(ctx, args);
    if (name == QLatin1String("alert"))
        return llmux::cli::runAlert(ctx, args);
    if (name == QLatin1String("limit"))
        return llmux::cli::runLimit(ctx, args);
    if (name == QLatin1String("project"))
        return llmux::cli::runProject(ctx, args);
    if (name == QLatin1String("connect"))
        return llmux::cli::runConnect(ctx, args);
    if (name == QLatin1String("--help") || name == QLatin1String("-h") ||
        name == QLatin1String("help")) {
        QTextStream(stdout) << kUsage;
        return 0;
    }
    if (name == QLatin1String("--version")) {
        QTextStream(stdout) << "llmux " << LLMUX_VERSION << Qt::endl;
        return 0;
    }
    QTextStream(stderr) << "llmux: unknown command '" << name << "'.\n" << kUsage;
    return 2;
}
