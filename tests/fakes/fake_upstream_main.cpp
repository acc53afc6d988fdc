// llmux-fake-upstream: the tests' fake providers as a process, for the benchmark and for trying
// clients by hand. Prints "listening URL" (the base URL a client is configured with) and runs until
// SIGINT/SIGTERM.
#include "tests/fakes/FakeUpstream.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <csignal>

int main(int argc, char **argv)
{
    using llmux::test::FakeUpstream;
    QCoreApplication app(argc, argv);
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("port"), QStringLiteral("Port (0 = any free one)."),
                      QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("host"), QStringLiteral("Address."), QStringLiteral("H"),
                      QStringLiteral("127.0.0.1")});
    parser.addOption({QStringLiteral("dialect"),
                      QStringLiteral("Wire format: openai, openai-responses (with the "
                                     "Responses API), anthropic or gemini."),
                      QStringLiteral("D"), QStringLiteral("openai")});
    parser.process(app);
    const QString name = parser.value(QStringLiteral("dialect")).toLower();
    FakeUpstream::Dialect dialect = FakeUpstream::Dialect::OpenAi;
    if (name == QLatin1String("anthropic"))
        dialect = FakeUpstream::Dialect::Anthropic;
    else if (name == QLatin1String("gemini"))
        dialect = FakeUpstream::Dialect::Gemini;
    else if (name == QLatin1String("openai-responses"))
        dialect = FakeUpstream::Dialect::OpenAiResponses;
    else if (name != QLatin1String("openai"))
        parser.showHelp(2);
    FakeUpstream fake(dialect);
    if (!fake.listen(QHostAddress(parser.value(QStringLiteral("host"))),
                     quint16(parser.value(QStringLiteral("port")).toUInt()))) {
        QTextStream(stderr) << "cannot listen\n";
        return 1;
    }
    QTextStream(stdout) << "listening " << fake.baseUrl() << Qt::endl;
    return app.exec();
}
