// llmux-fake-upstream: the tests' fake OpenAI provider as a process, for the benchmark and for
// trying clients by hand. Prints "listening URL" and runs until SIGINT/SIGTERM.
#include "fakes/FakeOpenAiUpstream.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <csignal>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("port"), QStringLiteral("Port (0 = any free one)."),
                      QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("host"), QStringLiteral("Address."), QStringLiteral("H"),
                      QStringLiteral("127.0.0.1")});
    parser.process(app);
    llmux::test::FakeOpenAiUpstream fake;
    if (!fake.listen(QHostAddress(parser.value(QStringLiteral("host"))),
                     quint16(parser.value(QStringLiteral("port")).toUInt()))) {
        QTextStream(stderr) << "cannot listen\n";
        return 1;
    }
    QTextStream(stdout) << "listening " << fake.baseUrl() << Qt::endl;
    return app.exec();
}
