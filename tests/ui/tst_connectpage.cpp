// The connect page: the text each client needs (URL form, key, model), and the page over a real
// gateway creating a key that the key store accepts. Renders the window to PNG in the working
// folder (connect.png) for a reviewer.
#include "core/gateway/Gateway.h"
#include "core/keys/GatewayKeyCodec.h"
#include "core/store/Database.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/RouteRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "tests/support/WidgetParts.h"
#include "ui/MainWindow.h"
#include "ui/connect/AgentSetupCard.h"
#include "ui/connect/ClientSnippets.h"
#include "ui/connect/ConnectPage.h"
#include "ui/dashboard/RecentRequestsModel.h"

#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace llmux;
using namespace llmux::test;
using Client = ClientSnippets::Client;

class TestConnectPage : public QObject
{
    Q_OBJECT
    // A provider the pages can list (nothing listens at its address) and no health checks.
    static Result<qint64> addQuietProvider(const Database &db)
    {
        if (!SettingsRepository(db).setValue(QStringLiteral("health.interval_ms"),
                                             QStringLiteral("0")))
            return Result<qint64>::failure(QStringLiteral("cannot turn health checks off"));
        ProviderRecord provider;
        provider.name = QStringLiteral("fake");
        provider.kind = QStringLiteral("openai");
        provider.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
        return ProviderRepository(db).add(provider);
    }

private Q_SLOTS:
    void eachClientGetsTheUrlFormItNeeds()
    {
        const QString key = QStringLiteral("sk-llmux-abc123");
        const ClientSnippets s(QStringLiteral("http://127.0.0.1:5569/v1"), key,
                               QStringLiteral("sonnet"));
        QCOMPARE(s.serverRoot(), QStringLiteral("http://127.0.0.1:5569"));
        QCOMPARE(s.openAiBaseUrl(), QStringLiteral("http://127.0.0.1:5569/v1"));

        // Cherry Studio and Claude Code add /v1 themselves.
        const QString cherry = s.text(Client::CherryStudio);
        QVERIFY(cherry.contains(QLatin1String("Provider type: OpenAI")));
        QVERIFY(cherry.contains(QLatin1String("API host: http://127.0.0.1:5569\n")));
        QVERIFY(!cherry.contains(QLatin1String("/v1")));
        QVERIFY(cherry.contains(QLatin1String("API key: sk-llmux-abc123")));
        QVERIFY(cherry.contains(QLatin1String("Model ID: sonnet")));

        const QString claude = s.text(Client::ClaudeCode);
        QVERIFY(
            claude.contains(QLatin1String("export ANTHROPIC_BASE_URL=http://127.0.0.1:5569\n")));
        QVERIFY(!claude.contains(QLatin1String("/v1")));
        QVERIFY(claude.contains(QLatin1String("export ANTHROPIC_AUTH_TOKEN=sk-llmux-abc123\n")));
        QVERIFY(claude.contains(QLatin1String("export ANTHROPIC_MODEL=sonnet\n")));

        // The OpenAI-style clients take the base URL with /v1.
        const QString codex = s.text(Client::CodexCli);
        QVERIFY(codex.contains(QLatin1String("base_url = \"http://127.0.0.1:5569/v1\"\n")));
        QVERIFY(codex.contains(QLatin1String("model = \"sonnet\"\n")));
        QVERIFY(codex.contains(QLatin1String("model_provider = \"llmux\"\n")));
        QVERIFY(codex.contains(QLatin1String("[model_providers.llmux]\n")));
        QVERIFY(codex.contains(QLatin1String("env_key = \"LLMUX_API_KEY\"\n")));
        QVERIFY(codex.contains(QLatin1String("wire_api = \"responses\"\n")));
        QVERIFY(codex.contains(QLatin1String("export LLMUX_API_KEY=sk-llmux-abc123\n")));

        const QString cont = s.text(Client::Continue);
        QVERIFY(cont.contains(QLatin1String("    provider: openai\n")));
        QVERIFY(cont.contains(QLatin1String("    apiBase: http://127.0.0.1:5569/v1\n")));
        QVERIFY(cont.contains(QLatin1String("    apiKey: sk-llmux-abc123\n")));
        QVERIFY(cont.contains(QLatin1String("    model: sonnet\n")));
        QVERIFY(cont.contains(QLatin1String("schema: v1\n")));

        const QString curl = s.text(Client::Curl);
        QVERIFY(curl.startsWith(QLatin1String("curl http://127.0.0.1:5569/v1/chat/completions ")));
        QVERIFY(curl.contains(QLatin1String("-H \"Authorization: Bearer sk-llmux-abc123\"")));
        QVERIFY(curl.contains(QLatin1String("\"model\": \"sonnet\"")));

        for (Client client : ClientSnippets::clients())
            QVERIFY2(!s.note(client).isEmpty(), qPrintable(ClientSnippets::clientName(client)));
    }

    void placeholdersWithoutKeyOrModel()
    {
        // A base URL given without /v1 or with a trailing slash reads the same.
        for (const QString &base : {QStringLiteral("http://127.0.0.1:5569/v1/"),
                                    QStringLiteral("http://127.0.0.1:5569")}) {
            const ClientSnippets s(base, QString(), QString());
            QCOMPARE(s.serverRoot(), QStringLiteral("http://127.0.0.1:5569"));
            QCOMPARE(s.key(), QStringLiteral("YOUR_LLMUX_KEY"));
            QCOMPARE(s.model(), QStringLiteral("MODEL"));
            for (Client client : ClientSnippets::clients()) {
                const QString text = s.text(client);
                QVERIFY2(text.contains(QLatin1String("YOUR_LLMUX_KEY")), qPrintable(text));
                QVERIFY2(text.contains(QLatin1String("MODEL")), qPrintable(text));
                QVERIFY2(!text.contains(QLatin1String("/v1/v1")), qPrintable(text));
            }
        }
    }

    void chineseTranslationCoversThePage()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/llmux_zh_CN.qm")));
        QCOMPARE(translator.translate("llmux::ConnectPage", "Connect"), QStringLiteral("连接"));
        QVERIFY(
            !translator.translate("llmux::ConnectPage", "Create a key for this client").isEmpty());
        QVERIFY(!translator
                     .translate("llmux::ClientSnippets",
                                "Provider type: OpenAI\nAPI host: %1\nAPI key: %2\nModel ID: %3\n")
                     .isEmpty());
    }

    // Not the alphabetically first model: the one clients used last with success.
    void preselectsTheModelLastUsedWithSuccess()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        const auto providerId = addQuietProvider(db);
        QVERIFY(providerId);
        for (const char *name : {"alpha", "beta", "gamma"}) {
            ModelRecord alias;
            alias.publicName = QLatin1String(name);
            alias.providerId = providerId.value();
            alias.upstreamModel = QStringLiteral("gpt-fake");
            QVERIFY(ModelRepository(db).add(alias).ok());
        }
        // gamma answered, then beta failed (newest): gamma is the working, recent one.
        RequestLogEntry answered;
        answered.timestampMs = QDateTime::currentMSecsSinceEpoch() - 2000;
        answered.endpoint = QStringLiteral("/chat/completions");
        answered.modelRequested = QStringLiteral("gamma");
        answered.status = 200;
        RequestLogEntry failed = answered;
        failed.timestampMs += 1000;
        failed.modelRequested = QStringLiteral("beta");
        failed.status = 502;
        QList<RequestLogEntry> entries{answered, failed};
        QVERIFY(RequestLogRepository(db).insertBatch(entries).ok());

        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(db, secrets);
        GatewayOptions options;
        options.port = 0;
        options.workerThreads = 2;
        QVERIFY(gateway.start(options).ok());
        QTRY_VERIFY(gateway.isReady());
        ConnectPage page(&gateway, db);
        QTRY_COMPARE(page.modelCombo()->count(), 3);
        QTRY_COMPARE(page.modelCombo()->currentText(), QStringLiteral("gamma"));
        QVERIFY(page.snippetEdit()->toPlainText().contains(QLatin1String("gamma")));
        gateway.stop();
    }

    void createsAKeyAndShowsItInTheSettings()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        const auto providerId = addQuietProvider(db);
        QVERIFY(providerId);
        ModelRecord alias;
        alias.publicName = QStringLiteral("quick");
        alias.providerId = providerId.value();
        alias.upstreamModel = QStringLiteral("gpt-fake");
        QVERIFY(ModelRepository(db).add(alias).ok());
        RouteRecord route;
        route.pattern = QStringLiteral("smart");
        route.targets = {{providerId.value(), QStringLiteral("fake"), QStringLiteral("gpt-a"), 1}};
        QVERIFY(RouteRepository(db).save(route, false).ok());
        RouteRecord wildcard;
        wildcard.pattern = QStringLiteral("claude-*");
        wildcard.targets = {
            {providerId.value(), QStringLiteral("fake"), QStringLiteral("gpt-b"), 1}};
        QVERIFY(RouteRepository(db).save(wildcard, false).ok());

        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(db, secrets);
        RecentRequestsModel recent;
        MainWindow window(&gateway, &recent);
        auto *page = new ConnectPage(&gateway, db);
        QCOMPARE(window.addPage(page), 1);
        window.resize(1180, 760);
        window.show();
        auto *sidebar = window.findChild<QListWidget *>(QStringLiteral("sidebar"));
        QVERIFY(sidebar);
        QCOMPARE(sidebar->item(1)->text(), QStringLiteral("Connect"));
        window.showPage(1);
        QVERIFY(page->isVisible());

        // Stopped: the default address and the placeholders, no models.
        QVERIFY(page->baseUrlLabel()->text().contains(QLatin1String("http://127.0.0.1:5569/v1")));
        QCOMPARE(page->modelCombo()->count(), 0);
        QVERIFY(page->snippetEdit()->toPlainText().contains(QLatin1String("YOUR_LLMUX_KEY")));
        QVERIFY(page->snippetEdit()->toPlainText().contains(QLatin1String("Model ID: MODEL\n")));

        QSignalSpy ready(&gateway, &Gateway::ready);
        GatewayOptions options;
        options.port = 0;
        options.workerThreads = 2;
        QVERIFY(gateway.start(options).ok());
        QVERIFY(gateway.isReady() || ready.wait(10000));
        QVERIFY(page->baseUrlLabel()->text().contains(gateway.baseUrl()));
        const QString root = gateway.baseUrl().chopped(3);

        // Models and plain routes, not wildcards.
        QTRY_COMPARE(page->modelCombo()->count(), 2);
        QCOMPARE(page->modelCombo()->itemText(0), QStringLiteral("quick"));
        QCOMPARE(page->modelCombo()->itemText(1), QStringLiteral("smart"));
        page->modelCombo()->setCurrentIndex(1);

        QGuiApplication::clipboard()->clear();
        const QString copyText = page->copyBaseUrlButton()->text();
        QTest::mouseClick(page->copyBaseUrlButton(), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), gateway.baseUrl());
        // The button says it worked, then goes back to its own text.
        QCOMPARE(page->copyBaseUrlButton()->text(), QStringLiteral("Copied"));
        QTRY_COMPARE_WITH_TIMEOUT(page->copyBaseUrlButton()->text(), copyText, 5000);

        // Create a key: one new row, whose hash is the hash of the key shown.
        QCOMPARE(GatewayKeyRepository(db).list()->size(), 0);
        QVERIFY(!page->createdKeyEdit()->isVisible());
        page->keyNameEdit()->setText(QStringLiteral("Claude Code on laptop"));
        QTest::mouseClick(page->createKeyButton(), Qt::LeftButton);
        const QString key = page->createdKeyEdit()->text();
        QVERIFY(key.startsWith(GatewayKeyCodec::kPrefix));
        QVERIFY(page->createdKeyEdit()->isVisible());
        const auto keys = GatewayKeyRepository(db).list();
        QVERIFY(keys);
        QCOMPARE(keys->size(), 1);
        QCOMPARE(keys->first().name, QStringLiteral("Claude Code on laptop"));
        QCOMPARE(keys->first().keyHash, GatewayKeyCodec::hash(key.toLatin1()));
        QCOMPARE(keys->first().displayPrefix, GatewayKeyCodec::displayPrefix(key));

        // The same name again is refused and nothing is added.
        QTest::mouseClick(page->createKeyButton(), Qt::LeftButton);
        QCOMPARE(GatewayKeyRepository(db).list()->size(), 1);
        QCOMPARE(page->createdKeyEdit()->text(), key);

        // The key and the model appear in the Claude Code settings, with the root URL.
        page->showClient(Client::ClaudeCode);
        const QString claude = page->snippetEdit()->toPlainText();
        QVERIFY2(claude.contains(QStringLiteral("export ANTHROPIC_AUTH_TOKEN=%1\n").arg(key)),
                 qPrintable(claude));
        QVERIFY(claude.contains(QStringLiteral("export ANTHROPIC_BASE_URL=%1\n").arg(root)));
        QVERIFY(claude.contains(QLatin1String("export ANTHROPIC_MODEL=smart\n")));
        QVERIFY(!claude.contains(QLatin1String("YOUR_LLMUX_KEY")));

        QTest::mouseClick(page->copySnippetButton(), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), claude);

        page->showClient(Client::Curl);
        QVERIFY(page->snippetEdit()->toPlainText().contains(
            QStringLiteral("curl %1/chat/completions").arg(gateway.baseUrl())));

        // The window is rebuilt for a new language: the key just shown, the model and the client
        // stay (the key exists nowhere else).
        page->showClient(Client::ClaudeCode);
        {
            ConnectPage rebuilt(&gateway, db);
            QTRY_COMPARE(rebuilt.modelCombo()->count(), 2);
            rebuilt.restoreSession(page->saveSession());
            QCOMPARE(rebuilt.createdKeyEdit()->text(), key);
            QVERIFY(!rebuilt.createdKeyEdit()->isHidden());
            QCOMPARE(rebuilt.keyNameEdit()->text(), QStringLiteral("Claude Code on laptop"));
            QCOMPARE(rebuilt.modelCombo()->currentText(), QStringLiteral("smart"));
            QCOMPARE(rebuilt.snippetEdit()->toPlainText(), claude);
        }

        page->showClient(Client::CherryStudio);
        const QString png = QDir::current().filePath(QStringLiteral("connect.png"));
        QVERIFY(window.grab().save(png));
        qInfo() << "rendered" << png;
        gateway.stop();
    }

    // One click: the preview says what changes, Set up writes it with a fresh key, Undo puts the
    // user's file back byte for byte and revokes the key.
    void agentSetupInOneClick()
    {
        QTemporaryDir data, home;
        Database db(data.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        const QString config = home.filePath(QStringLiteral(".codex/config.toml"));
        QDir().mkpath(QFileInfo(config).absolutePath());
        const QByteArray mine = "# mine\n[profiles.x]\nmodel = \"o4\"\n";
        {
            QFile file(config);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(mine);
        }
        auto readConfig = [&config] {
            QFile f(config);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        AgentSetupCard card(
            db, home.path(), [] { return QStringLiteral("http://127.0.0.1:5569"); },
            [] { return QStringLiteral("coder"); });
        card.show();
        auto *status = part<QLabel>(&card, "codex-status");
        QCOMPARE(status->text(), QStringLiteral("Not set up"));
        QVERIFY(!part<QPushButton>(&card, "codex-undo")->isEnabled());

        QTest::mouseClick(part<QPushButton>(&card, "codex-setup"), Qt::LeftButton);
        QTRY_VERIFY(card.findChild<QMessageBox *>(QStringLiteral("agentPreview")));
        QMessageBox *preview = card.findChild<QMessageBox *>(QStringLiteral("agentPreview"));
        QVERIFY(preview->text().contains(config));
        QVERIFY(preview->detailedText().contains(QStringLiteral("wire_api = \"responses\"")));
        QVERIFY(preview->detailedText().contains(AgentConnector::keyPlaceholder()));
        QCOMPARE(readConfig(), mine); // nothing written before the user agrees
        preview->button(QMessageBox::Yes)->click();
        QTRY_VERIFY(readConfig().contains("model_provider = \"llmux\""));
        QVERIFY(readConfig().contains("[profiles.x]\nmodel = \"o4\""));
        QCOMPARE(status->text(), QStringLiteral("Uses LLMux"));
        QVERIFY(part<QPushButton>(&card, "codex-undo")->isEnabled());
        const auto keys = GatewayKeyRepository(db).list(false);
        QCOMPARE(keys->size(), 1);
        QCOMPARE(keys->first().name, QStringLiteral("codex"));

        QTRY_VERIFY(!card.findChild<QMessageBox *>(QStringLiteral("agentPreview")));
        QTest::mouseClick(part<QPushButton>(&card, "codex-undo"), Qt::LeftButton);
        QTRY_VERIFY(card.findChild<QMessageBox *>(QStringLiteral("agentPreview")));
        card.findChild<QMessageBox *>(QStringLiteral("agentPreview"))
            ->button(QMessageBox::Yes)
            ->click();
        QTRY_COMPARE(readConfig(), mine);
        QCOMPARE(status->text(), QStringLiteral("Not set up"));
        QVERIFY(GatewayKeyRepository(db).list(false)->isEmpty());
        QLabel *result = nullptr;
        for (QLabel *label : card.findChildren<QLabel *>())
            if (label->property("agentResult").toBool())
                result = label;
        QVERIFY(result && result->isVisible());
        QVERIFY(result->text().contains(QStringLiteral("as they were")));
    }
};

QTEST_MAIN(TestConnectPage)
#include "tst_connectpage.moc"
