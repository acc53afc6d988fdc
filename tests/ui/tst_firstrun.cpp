// The acceptance scenario, end to end through the real main window: a new user adds a
// DeepSeek key (a fake DeepSeek speaking the OpenAI wire format stands in), gives the model a
// price, connects "Cherry Studio" with the Connect page, chats (streaming and not), then finds the
// requests in Logs and their tokens and cost in Usage. Then the same window in Chinese and in the
// dark theme. Everything goes through the pages' widgets; the database, the OS keychain and the
// gateway are real. Each step is rendered to firstrun-<step>.png in the working folder.
#include "core/config/GatewayConfig.h"
#include "core/domain/Records.h"
#include "core/gateway/Gateway.h"
#include "core/store/Database.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "core/usage/RequestLogWriter.h"
#include "tests/fakes/FakeOpenAiUpstream.h"
#include "tests/support/WidgetParts.h"
#include "ui/AppPages.h"
#include "ui/MainWindow.h"
#include "ui/connect/ClientSnippets.h"
#include "ui/connect/ConnectPage.h"
#include "ui/dashboard/DashboardPage.h"
#include "ui/dashboard/RecentRequestsModel.h"
#include "ui/health/HealthModel.h"
#include "ui/health/TargetHealthModel.h"
#include "ui/logs/LogsPage.h"
#include "ui/logs/RequestLogModel.h"
#include "ui/models/ModelDialog.h"
#include "ui/models/ModelTableModel.h"
#include "ui/models/ModelsPage.h"
#include "ui/providers/ProviderDialog.h"
#include "ui/providers/ProvidersModel.h"
#include "ui/providers/ProvidersPage.h"
#include "ui/settings/SettingsPage.h"
#include "ui/theme/Language.h"
#include "ui/theme/Theme.h"
#include "ui/usage/UsagePage.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace llmux;
using namespace llmux::test;

namespace {

const QString kDeepSeekKey = QStringLiteral("sk-firstrun-deepseek-0123456789");

bool hasChinese(const QString &text)
{
    for (QChar c : text)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    return false;
}

// What a user copies from one line of the Cherry Studio settings ("API host: http://…"): the
// text after the label, whatever language the label is in.
QString valueOfLine(const QString &snippet, int line)
{
    const QString text = snippet.split(QLatin1Char('\n')).value(line);
    int colon = text.indexOf(QLatin1String(": "));
    int width = 2;
    if (colon < 0) {
        colon = text.indexOf(QChar(0xFF1A)); // a full-width colon in Chinese
        width = 1;
    }
    return colon < 0 ? QString() : text.mid(colon + width).trimmed();
}

void clickItem(QListWidget *list, QListWidgetItem *item)
{
    list->scrollToItem(item);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
}

} // namespace

class TestFirstRun : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    FakeOpenAiUpstream m_deepseek;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<RecentRequestsModel> m_recent;
    std::unique_ptr<HealthModel> m_health;
    std::unique_ptr<TargetHealthModel> m_targets;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_accounts; // keychain entries to remove at the end

    AppServices services() const
    {
        return {m_gateway.get(), m_db.get(),      m_secrets.get(), m_recent.get(),
                m_health.get(),  m_targets.get(), m_dir.path()};
    }

    // The window as the app builds it, shown.
    bool buildWindow()
    {
        m_window.reset(createAppWindow(services()));
        m_window->resize(1180, 760);
        m_window->show();
        return QTest::qWaitForWindowExposed(m_window.get());
    }

    QListWidget *sidebar() const
    {
        return m_window->findChild<QListWidget *>(QStringLiteral("sidebar"));
    }

    // Clicks the page's entry in the sidebar, as a user would.
    bool goTo(QWidget *page)
    {
        for (int i = 0; i < m_window->pageCount(); ++i) {
            if (m_window->page(i) != page)
                continue;
            clickItem(sidebar(), sidebar()->item(i));
            return m_window->currentPageIndex() == i && page->isVisible();
        }
        return false;
    }

    void render(const QString &step)
    {
        QTest::qWait(100); // lets the last layout and paint settle
        const QString file = QStringLiteral("firstrun-%1.png").arg(step);
        QVERIFY2(m_window->grab().save(file), qPrintable(file));
        qInfo() << "rendered" << file;
    }

    // One "Cherry Studio" request to <API host>/v1/chat/completions; returns the reply's body.
    QByteArray chat(const QString &apiHost, const QString &key, const QString &model,
                    const QString &text, bool stream, int *status)
    {
        QNetworkAccessManager manager;
        manager.setProxy(QNetworkProxy::NoProxy);
        QNetworkRequest request(QUrl(apiHost + QLatin1String("/v1/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
        const QJsonObject body{
            {QStringLiteral("model"), model},
            {QStringLiteral("stream"), stream},
            {QStringLiteral("messages"),
             QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"), text}}}}};
        if (stream)
            request.setRawHeader("Accept", "text/event-stream");
        std::unique_ptr<QNetworkReply> reply(
            manager.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
        QByteArray received;
        QObject::connect(reply.get(), &QNetworkReply::readyRead, reply.get(),
                         [&] { received += reply->readAll(); });
        (void)QTest::qWaitFor([&] { return reply->isFinished(); }, 20000);
        if (!reply->isFinished()) {
            *status = -1;
            return "no answer within 20 s";
        }
        received += reply->readAll();
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        return received;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<QList<llmux::RequestLogEntry>>();
        QVERIFY(m_dir.isValid());
        QVERIFY(m_deepseek.listen());
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(m_db->open().ok());
        QVERIFY(SettingsRepository(*m_db)
                    .setValue(QStringLiteral("health.interval_ms"), QStringLiteral("0"))
                    .ok());
        m_secrets = std::make_unique<SecretStore>(
            QStringLiteral("LLMux firstrun %1")
                .arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
        m_recent = std::make_unique<RecentRequestsModel>();
        m_gateway = std::make_unique<Gateway>(*m_db, *m_secrets);
        QObject::connect(m_gateway->requestLogWriter(), &RequestLogWriter::written, m_recent.get(),
                         &RecentRequestsModel::prepend, Qt::QueuedConnection);
        GatewayOptions options;
        options.port = 0;
        QVERIFY(m_gateway->start(options).ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_gateway->isReady(), 10000);
        m_health = std::make_unique<HealthModel>(m_gateway.get(), *m_db);
        m_targets = std::make_unique<TargetHealthModel>(m_gateway.get());
        Language::install(QStringLiteral("en"));
        Theme::apply(Theme::Mode::Light);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        if (m_gateway)
            m_gateway->stop();
        Language::install(QStringLiteral("en"));
        Theme::apply(Theme::Mode::Light);
        for (const QString &account : std::as_const(m_accounts))
            static_cast<void>(m_secrets->remove(account)); // best effort: the test's own entries
    }

    void newUserChatsAndSeesLogsAndUsage()
    {
        QVERIFY(buildWindow());
        auto *providers = m_window->findChild<ProvidersPage *>();
        auto *models = m_window->findChild<ModelsPage *>();
        auto *connect = m_window->findChild<ConnectPage *>();
        auto *logs = m_window->findChild<LogsPage *>();
        auto *usage = m_window->findChild<UsagePage *>();
        QVERIFY(providers && models && connect);
        render(QStringLiteral("0-start"));

        // 1. Providers: add DeepSeek with its key; the first page invites it.
        QVERIFY(goTo(providers));
        QVERIFY(providers->emptyState()->isVisible());
        QVERIFY(providers->emptyState()->text().contains(QStringLiteral("DeepSeek")));
        QTest::mouseClick(providers->addButton(), Qt::LeftButton);
        QPointer<ProviderDialog> dialog;
        QTRY_VERIFY((dialog = providers->findChild<ProviderDialog *>()) && dialog->isVisible());
        QListWidgetItem *deepseekPreset = nullptr;
        for (int row = 0; row < part<QListWidget>(dialog, "presetList")->count(); ++row)
            if (part<QListWidget>(dialog, "presetList")->item(row)->text() ==
                QLatin1String("DeepSeek"))
                deepseekPreset = part<QListWidget>(dialog, "presetList")->item(row);
        QVERIFY(deepseekPreset);
        clickItem(part<QListWidget>(dialog, "presetList"), deepseekPreset);
        QCOMPARE(part<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("deepseek"));
        QCOMPARE(part<QLineEdit>(dialog, "baseUrlEdit")->text(),
                 QStringLiteral("https://api.deepseek.com/v1"));
        QVERIFY(part<QLabel>(dialog, "presetHint")
                    ->text()
                    .contains(QStringLiteral("platform.deepseek.com")));
        // A user keeps DeepSeek's address; the test points it at the fake DeepSeek.
        part<QLineEdit>(dialog, "baseUrlEdit")->selectAll();
        QTest::keyClicks(part<QLineEdit>(dialog, "baseUrlEdit"), m_deepseek.baseUrl());
        QCOMPARE(part<QLineEdit>(dialog, "baseUrlEdit")->text(), m_deepseek.baseUrl());
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"), kDeepSeekKey);
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            part<QLabel>(dialog, "testResult")->text().startsWith(QStringLiteral("Connected in")),
            15000);
        QCOMPARE(m_deepseek.keysSeen().last(), kDeepSeekKey.toUtf8());
        QTest::mouseClick(part<QPushButton>(dialog, "fetchModelsButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            !dialog->isBusy() && part<QListWidget>(dialog, "modelList")->count() > 0, 15000);
        QListWidgetItem *served = nullptr;
        for (int row = 0; row < part<QListWidget>(dialog, "modelList")->count(); ++row)
            if (part<QListWidget>(dialog, "modelList")->item(row)->data(Qt::UserRole) ==
                QLatin1String("gpt-fake"))
                served = part<QListWidget>(dialog, "modelList")->item(row);
        QVERIFY(served);
        served->setCheckState(Qt::Checked); // the tick box in the list
        QVERIFY(dialog->grab().save(QStringLiteral("firstrun-1-provider-dialog.png")));
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 15000);
        QVERIFY2(!providers->emptyState()->isVisible(), "the saved provider is not listed");
        QCOMPARE(providers->model()->rowCount(), 1);

        // The key is in the OS keychain, not in the database.
        const auto stored = ProviderRepository(*m_db).findByName(QStringLiteral("deepseek"));
        QVERIFY(stored && stored->has_value());
        QVERIFY((*stored)->secretInKeychain);
        const QString account =
            SecretStore::providerAccount(SettingsRepository(*m_db).instanceId(), (*stored)->id);
        m_accounts << account;
        const auto key = m_secrets->read(account);
        QVERIFY2(key.ok(), qPrintable(key.error()));
        QCOMPARE(key.value(), kDeepSeekKey.toUtf8());
        for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
            QFile file(m_dir.filePath(QStringLiteral("llmux.sqlite") + suffix));
            if (file.open(QIODevice::ReadOnly))
                QVERIFY2(!file.readAll().contains(kDeepSeekKey.toUtf8()),
                         qPrintable(file.fileName()));
        }
        render(QStringLiteral("1-providers"));

        // 1b. Models: the ticked model is public; give it DeepSeek's prices for the cost.
        QVERIFY(goTo(models));
        QTRY_VERIFY(models->modelsModel()->rowCount() == 1);
        QCOMPARE(models->modelsModel()->record(0).publicName, QStringLiteral("gpt-fake"));
        QTest::mouseClick(
            models->modelsTable()->viewport(), Qt::LeftButton, {},
            models->modelsTable()->visualRect(models->modelsModel()->index(0, 0)).center());
        QVERIFY(models->editModelButton()->isEnabled());
        QTest::mouseClick(models->editModelButton(), Qt::LeftButton);
        QPointer<ModelDialog> modelDialog;
        QTRY_VERIFY((modelDialog = models->modelDialog()) && modelDialog->isVisible());
        QCOMPARE(modelDialog->nameEdit()->text(), QStringLiteral("gpt-fake"));
        modelDialog->pricesBox()->setChecked(true); // its title's tick box
        modelDialog->inputPriceSpin()->setValue(0.27);
        modelDialog->outputPriceSpin()->setValue(1.10);
        QTest::mouseClick(modelDialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!modelDialog || !modelDialog->isVisible(), 10000);
        const auto priced = ModelRepository(*m_db).list();
        QVERIFY(priced.ok() && priced->size() == 1 && priced->first().price);
        QCOMPARE(priced->first().price->inputPerMillion, 0.27);
        render(QStringLiteral("1b-models"));

        // 2. Connect: a key for Cherry Studio, the model, and the settings to copy.
        QVERIFY(goTo(connect));
        const QTabBar *tabs = connect->clientTabs();
        int cherryTab = -1;
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i) == QLatin1String("Cherry Studio"))
                cherryTab = i;
        QVERIFY(cherryTab >= 0);
        QTest::mouseClick(connect->clientTabs(), Qt::LeftButton, {},
                          tabs->tabRect(cherryTab).center());
        QCOMPARE(tabs->currentIndex(), cherryTab);
        QCOMPARE(connect->keyNameEdit()->text(), QStringLiteral("Cherry Studio"));
        QTRY_VERIFY_WITH_TIMEOUT(connect->modelCombo()->findText(QStringLiteral("gpt-fake")) >= 0,
                                 10000);
        QTest::mouseClick(connect->createKeyButton(), Qt::LeftButton);
        QVERIFY(!connect->createdKeyEdit()->text().isEmpty());
        connect->modelCombo()->setCurrentIndex(
            connect->modelCombo()->findText(QStringLiteral("gpt-fake")));
        const QString snippet = connect->snippetEdit()->toPlainText();
        const QString apiHost = valueOfLine(snippet, 1);
        const QString apiKey = valueOfLine(snippet, 2);
        const QString modelId = valueOfLine(snippet, 3);
        QVERIFY2(apiHost.startsWith(QLatin1String("http://127.0.0.1:")), qPrintable(snippet));
        QVERIFY2(!apiHost.endsWith(QLatin1String("/v1")), qPrintable(snippet));
        QCOMPARE(apiHost + QLatin1String("/v1"), m_gateway->baseUrl());
        QCOMPARE(apiKey, connect->createdKeyEdit()->text());
        QCOMPARE(modelId, QStringLiteral("gpt-fake"));
        render(QStringLiteral("2-connect"));

        // The gateway follows the configuration by itself; a user takes longer than this.
        const auto gatewayKnowsAll = [&] {
            const GatewayConfigPtr config = m_gateway->currentConfig();
            if (!config)
                return false;
            bool keyKnown = false;
            for (const AcceptedKey &k : config->keys)
                keyKnown = keyKnown || k.name == QLatin1String("Cherry Studio");
            bool pricedModel = false;
            for (const ModelRecord &m : config->modelRecords)
                pricedModel = pricedModel || (m.publicName == modelId && m.price);
            return keyKnown && pricedModel;
        };
        QTRY_VERIFY_WITH_TIMEOUT(gatewayKnowsAll(), 15000);

        // 3. Cherry Studio chats: one stream, one plain answer.
        int status = 0;
        const QByteArray sse =
            chat(apiHost, apiKey, modelId, QStringLiteral("Hi from Cherry"), true, &status);
        QVERIFY2(status == 200, sse.constData());
        QString streamed;
        bool done = false;
        for (const QByteArray &line : sse.split('\n')) {
            const QByteArray data = line.trimmed();
            if (!data.startsWith("data:"))
                continue;
            const QByteArray payload = data.mid(5).trimmed();
            if (payload == "[DONE]") {
                done = true;
                continue;
            }
            const QJsonObject chunk = QJsonDocument::fromJson(payload).object();
            streamed += chunk.value(QStringLiteral("choices"))
                            .toArray()
                            .at(0)
                            .toObject()
                            .value(QStringLiteral("delta"))
                            .toObject()
                            .value(QStringLiteral("content"))
                            .toString();
        }
        QVERIFY2(done, sse.constData());
        // The fake streams word by word, each with its space.
        QCOMPARE(streamed.trimmed(), QStringLiteral("Hello from fake upstream: Hi from Cherry"));

        const QByteArray plain =
            chat(apiHost, apiKey, modelId, QStringLiteral("And once more"), false, &status);
        QVERIFY2(status == 200, plain.constData());
        const QJsonObject answer = QJsonDocument::fromJson(plain).object();
        QCOMPARE(answer.value(QStringLiteral("choices"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString(),
                 QStringLiteral("Hello from fake upstream: And once more"));
        QCOMPARE(m_deepseek.keysSeen().last(), kDeepSeekKey.toUtf8());
        // The dashboard hears of them too.
        QTRY_VERIFY_WITH_TIMEOUT(m_recent->rowCount() >= 2, 15000);
        auto *dashboard = m_window->findChild<DashboardPage *>();
        QVERIFY(dashboard);
        QVERIFY(goTo(dashboard));
        QVERIFY2(dashboard->hasUsage(),
                 "the dashboard shows no usage: createAppWindow gave it no database");
        QTRY_VERIFY_WITH_TIMEOUT(
            dashboard->cardText(DashboardPage::RequestsToday) == QLatin1String("2"), 15000);
        QCOMPARE(
            dashboard->cardText(DashboardPage::TokensToday),
            QString::number(2 * (FakeUpstream::kPromptTokens + FakeUpstream::kCompletionTokens)));
        render(QStringLiteral("3-dashboard"));

        QVERIFY2(logs, "the Logs page is not in the window (ui/AppWindow.cpp)");

        // 4. Logs: both requests, with the key's name, model, status and tokens.
        QVERIFY(goTo(logs));
        RequestLogModel *log = logs->model();
        QTRY_VERIFY_WITH_TIMEOUT(!log->isLoading() && log->rowCount() == 2, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(log->entryAt(0) && log->entryAt(1), 10000);
        const QString tokens = QStringLiteral("%1 / %2")
                                   .arg(FakeUpstream::kPromptTokens)
                                   .arg(FakeUpstream::kCompletionTokens);
        for (int row = 0; row < 2; ++row) {
            auto cell = [&](int column) { return log->index(row, column).data().toString(); };
            QCOMPARE(cell(RequestLogModel::Key), QStringLiteral("Cherry Studio"));
            QCOMPARE(cell(RequestLogModel::Model), QStringLiteral("gpt-fake"));
            QCOMPARE(cell(RequestLogModel::Provider), QStringLiteral("deepseek"));
            QCOMPARE(cell(RequestLogModel::Status), QStringLiteral("200"));
            QCOMPARE(cell(RequestLogModel::Tokens), tokens);
            QVERIFY2(cell(RequestLogModel::Cost).startsWith(QLatin1Char('$')),
                     qPrintable(cell(RequestLogModel::Cost)));
        }
        // Newest first: the plain request, then the stream.
        QCOMPARE(log->index(0, RequestLogModel::Stream).data().toString(), QString());
        QVERIFY(!log->index(1, RequestLogModel::Stream).data().toString().isEmpty());
        const QModelIndex streamRow = log->index(1, RequestLogModel::Model);
        QTest::mouseClick(logs->view()->viewport(), Qt::LeftButton, {},
                          logs->view()->visualRect(streamRow).center());
        QCOMPARE(logs->view()->currentIndex().row(), 1);
        QTRY_VERIFY(logs->detailEdit()->toPlainText().contains(QStringLiteral("Cherry Studio")));
        const QString detail = logs->detailEdit()->toPlainText();
        QVERIFY2(detail.contains(QStringLiteral("gpt-fake")), qPrintable(detail));
        QVERIFY2(detail.contains(QStringLiteral("/chat/completions")), qPrintable(detail));
        QVERIFY2(detail.contains(QStringLiteral("200")), qPrintable(detail));
        render(QStringLiteral("4-logs"));

        QVERIFY2(usage, "the Usage page is not in the window (ui/AppWindow.cpp)");
        // 5. Usage: two requests, their tokens and a cost above zero.
        QVERIFY(goTo(usage));
        QTRY_VERIFY_WITH_TIMEOUT(usage->isLoaded() && !usage->isBusy() &&
                                     usage->cardText(UsagePage::Requests) == QLatin1String("2"),
                                 15000);
        QCOMPARE(usage->cardText(UsagePage::TokensIn),
                 QString::number(2 * FakeUpstream::kPromptTokens));
        QCOMPARE(usage->cardText(UsagePage::TokensOut),
                 QString::number(2 * FakeUpstream::kCompletionTokens));
        const double expectedCost =
            2 * (FakeUpstream::kPromptTokens * 0.27 + FakeUpstream::kCompletionTokens * 1.10) / 1e6;
        QVERIFY(qAbs(usage->report().totals.cost - expectedCost) < 1e-9);
        const QString cost = usage->cardText(UsagePage::Cost);
        QVERIFY2(cost.startsWith(QLatin1Char('$')), qPrintable(cost));
        QVERIFY2(cost.mid(1).toDouble() > 0, qPrintable(cost));
        QVERIFY(!usage->showsEmptyState());
        QVERIFY2(usage->problemText().isEmpty(), qPrintable(usage->problemText()));
        render(QStringLiteral("5-usage"));
    }

    void chineseAndDark()
    {
        QVERIFY(buildWindow());
        auto *settings = m_window->findChild<SettingsPage *>();
        QVERIFY(settings);
        QVERIFY(goTo(settings));
        QSignalSpy languageChanged(settings, &SettingsPage::languageChanged);
        const int chinese = settings->languageCombo()->findData(QStringLiteral("zh_CN"));
        QVERIFY(chinese >= 0);
        QCOMPARE(settings->languageCombo()->itemText(chinese), QStringLiteral("简体中文"));
        settings->languageCombo()->setCurrentIndex(chinese);
        QCOMPARE(languageChanged.count(), 1);
        QCOMPARE(Language::current(), QStringLiteral("zh_CN"));

        // The app rebuilds its window in the new language; so does the test.
        QVERIFY(buildWindow());
        settings = m_window->findChild<SettingsPage *>();
        QVERIFY(goTo(settings));
        const int dark = settings->themeCombo()->findData(Theme::toString(Theme::Mode::Dark));
        QVERIFY(dark >= 0);
        settings->themeCombo()->setCurrentIndex(dark);
        QVERIFY(Theme::isDark());
        const QImage page = m_window->grab().toImage();
        QVERIFY2(page.pixelColor(page.width() - 12, page.height() - 12).lightness() < 80,
                 "the dark theme does not paint the page dark");
        render(QStringLiteral("6-zh-dark-settings"));

        // Every page still works in Chinese: the Connect page's settings carry the key and model.
        auto *connect = m_window->findChild<ConnectPage *>();
        QVERIFY(goTo(connect));
        QTRY_VERIFY_WITH_TIMEOUT(connect->modelCombo()->findText(QStringLiteral("gpt-fake")) >= 0,
                                 10000);
        QCOMPARE(valueOfLine(connect->snippetEdit()->toPlainText(), 3), QStringLiteral("gpt-fake"));
        render(QStringLiteral("6-zh-dark-connect"));
        auto *logs = m_window->findChild<LogsPage *>();
        QVERIFY2(logs, "the Logs page is not in the window (ui/AppWindow.cpp)");
        QVERIFY(goTo(logs));
        QTRY_VERIFY_WITH_TIMEOUT(logs->model()->rowCount() == 2, 15000);
        render(QStringLiteral("6-zh-dark-logs"));
        auto *usage = m_window->findChild<UsagePage *>();
        QVERIFY2(usage, "the Usage page is not in the window (ui/AppWindow.cpp)");
        QVERIFY(goTo(usage));
        QTRY_VERIFY_WITH_TIMEOUT(usage->cardText(UsagePage::Requests) == QLatin1String("2"), 15000);
        render(QStringLiteral("6-zh-dark-usage"));
        QVERIFY(goTo(m_window->findChild<ProvidersPage *>()));
        render(QStringLiteral("6-zh-dark-providers"));

        // Every sidebar name and the headings of the scenario's pages are in Chinese.
        QStringList untranslated;
        for (int row = 0; row < sidebar()->count(); ++row)
            if (!hasChinese(sidebar()->item(row)->text()))
                untranslated << QStringLiteral("sidebar: ") + sidebar()->item(row)->text();
        const QList<QWidget *> headed = {m_window->findChild<ProvidersPage *>(), connect, logs,
                                         usage};
        for (QWidget *page : headed) {
            const auto *heading = page->findChild<QLabel *>(QStringLiteral("pageHeading"));
            QVERIFY2(heading, qPrintable(page->objectName()));
            if (!hasChinese(heading->text()))
                untranslated << QStringLiteral("heading: ") + heading->text();
            const auto *summary = page->findChild<QLabel *>(QStringLiteral("pageSummary"));
            if (summary && !summary->text().isEmpty() && !hasChinese(summary->text()))
                untranslated << QStringLiteral("summary: ") + summary->text();
        }
        QVERIFY2(untranslated.isEmpty(), qPrintable(QStringLiteral("untranslated: ") +
                                                    untranslated.join(QLatin1String(" | "))));
    }
};

QTEST_MAIN(TestFirstRun)
#include "tst_firstrun.moc"
