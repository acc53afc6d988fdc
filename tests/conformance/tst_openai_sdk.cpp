// Conformance: the official `openai` npm package, unmodified, against LLMux in front of the fake
// upstream. The SDK is installed by the test setup (npm ci in tests/conformance).
#include "integration/GatewayFixture.h"

#include <QDir>
#include <QProcess>
#include <QTest>

using namespace llmux;
using namespace llmux::test;

class TestOpenAiSdk : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void officialSdkWorksUnmodified()
    {
        const QDir dir(QStringLiteral(LLMUX_CONFORMANCE_DIR));
        QVERIFY2(dir.exists(QStringLiteral("node_modules/openai/package.json")),
                 "The openai npm package is missing: run 'npm ci' in tests/conformance "
                 "(tests/run.sh does it).");
        GatewayFixture f;
        const QString error = f.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QProcess node;
        node.setWorkingDirectory(dir.absolutePath());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LLMUX_BASE_URL"), f.gateway->baseUrl());
        env.insert(QStringLiteral("LLMUX_KEY"), QString::fromLatin1(f.key));
        node.setProcessEnvironment(env);
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(QStringLiteral("node"), {QStringLiteral("openai_sdk.mjs")});
        QVERIFY2(node.waitForStarted(10000), "node is not installed");
        // The gateway and the fake upstream live on this thread's event loop too: keep it turning.
        QTRY_VERIFY_WITH_TIMEOUT(node.state() == QProcess::NotRunning, 60000);
        const QByteArray output = node.readAll();
        qInfo().noquote() << output;
        QCOMPARE(node.exitCode(), 0);
        QVERIFY(output.contains("ALL OK"));
        // And what the SDK did shows up in the request log.
        const auto log = f.log(20);
        QVERIFY(log.size() >= 4);
        bool sawStream = false;
        for (const auto &e : log)
            sawStream = sawStream || (e.stream && e.completionTokens.value_or(0) == 7);
        QVERIFY(sawStream);
    }
};

QTEST_GUILESS_MAIN(TestOpenAiSdk)
#include "tst_openai_sdk.moc"
