// Every page of the main window, in the light and the dark theme and in both languages, over a
// database with a few weeks of traffic: each rendered to gallery/<theme>-<nn>-<page>.png in the
// working folder for a reviewer (and the README's screenshots). Checks that every page has a
// sidebar name, that each theme really paints the page in its colours, and that the Chinese
// window names every page in Chinese.
#include "core/gateway/Gateway.h"
#include "core/keys/GatewayKeyIssuer.h"
#include "core/store/Database.h"
#include "core/store/DatabaseWorker.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/RouteRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "tests/support/WidgetParts.h"
#include "ui/AppPages.h"
#include "ui/MainWindow.h"
#include "ui/dashboard/RecentRequestsModel.h"
#include "ui/health/HealthModel.h"
#include "ui/health/TargetHealthModel.h"
#include "ui/providers/ProviderDialog.h"
#include "ui/providers/ProvidersPage.h"
#include "ui/theme/Language.h"
#include "ui/theme/Theme.h"

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFontDatabase>
#include <QFontInfo>
#include <QImage>
#include <QLineEdit>
#include <QListWidget>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;
using llmux::test::dialogButton;
using llmux::test::part;

namespace {

struct Traffic
{
    const char *model;
    const char *provider;
    const char *upstream;
    double inPrice;
    double outPrice;
};

const Traffic kTraffic[] = {
    {"deepseek-chat", "deepseek", "deepseek-chat", 0.27, 1.10},
    {"sonnet", "anthropic", "claude-sonnet-4-5", 3.0, 15.0},
    {"gpt-4o-mini", "openai", "gpt-4o-mini", 0.15, 0.60},
    {"qwen-plus", "qwen", "qwen-plus", 0.4, 1.2},
};

QString sanitized(QString title)
{
    for (QChar &c : title)
        if (!c.isLetterOrNumber())
            c = QLatin1Char('-');
    return title.toLower();
}

} // namespace

class TestGallery : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<RecentRequestsModel> m_recent;
    std::unique_ptr<HealthModel> m_health;
    std::unique_ptr<TargetHealthModel> m_targets;

    void addProvider(const char *name, const char *kind, const char *url)
    {
        ProviderRecord p;
        p.name = QLatin1String(name);
        p.kind = QLatin1String(kind);
        p.baseUrl = QLatin1String(url);
        p.apiKeyEnv = QStringLiteral("LLMUX_GALLERY_UNSET_KEY");
        QVERIFY(ProviderRepository(*m_db).add(p).ok());
    }

    void fillDatabase()
    {
        QVERIFY(SettingsRepository(*m_db)
                    .setValue(QStringLiteral("health.interval_ms"), QStringLiteral("0"))
                    .ok());
        addProvider("deepseek", "openai", "https://api.deepseek.com/v1");
        addProvider("anthropic", "anthropic", "https://api.anthropic.com/v1");
        addProvider("openai", "openai", "https://api.openai.com/v1");
        addProvider("qwen", "openai", "https://dashscope.aliyuncs.com/compatible-mode/v1");
        const auto providers = ProviderRepository(*m_db).list();
        QVERIFY(providers.ok());
        for (const Traffic &t : kTraffic) {
            ModelRecord m;
            m.publicName = QLatin1String(t.model);
            m.upstreamModel = QLatin1String(t.upstream);
            for (const ProviderRecord &p : *providers)
                if (p.name == QLatin1String(t.provider))
                    m.providerId = p.id;
            m.price = ModelPrice{t.inPrice, t.outPrice};
            QVERIFY(ModelRepository(*m_db).add(m).ok());
        }
        RouteRecord route;
        route.pattern = QStringLiteral("chat");
        for (const char *name : {"deepseek", "qwen"}) {
            RouteTargetRecord target;
            for (const ProviderRecord &p : *providers)
                if (p.name == QLatin1String(name))
                    target.providerId = p.id;
            target.upstreamModel = QLatin1String(
                QLatin1String(name) == QLatin1String("deepseek") ? "deepseek-chat" : "qwen-plus");
            route.targets << target;
        }
        QVERIFY(RouteRepository(*m_db).save(route, false).ok());

        QList<qint64> keyIds;
        for (const char *name : {"cherry-studio", "claude-code", "scripts"}) {
            GatewayKeyRecord key;
            key.name = QLatin1String(name);
            const auto issued = GatewayKeyIssuer::issue(*m_db, key);
            QVERIFY(issued.ok());
            keyIds << issued->record.id;
        }

        // Three weeks of traffic, busier lately, and a steady trickle in the last hour.
        QRandomGenerator random(42);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<RequestLogEntry> rows;
        for (int i = 0; i < 3000; ++i) {
            const bool lastHour = i % 6 == 0;
            const qint64 age =
                lastHour ? random.bounded(3600000)
                         : qint64(random.bounded(21.0) * random.bounded(1.0) * 86400000.0);
            const Traffic &t = kTraffic[random.bounded(4)];
            const int keyIndex = random.bounded(3);
            RequestLogEntry e;
            e.timestampMs = now - age;
            e.keyId = keyIds[keyIndex];
            e.keyName = QLatin1String(keyIndex == 0   ? "cherry-studio"
                                      : keyIndex == 1 ? "claude-code"
                                                      : "scripts");
            e.endpoint = QStringLiteral("/v1/chat/completions");
            e.modelRequested = QLatin1String(t.model);
            e.provider = QLatin1String(t.provider);
            e.upstreamModel = QLatin1String(t.upstream);
            e.stream = random.bounded(3) != 0;
            const int roll = random.bounded(100);
            e.status = roll < 94 ? 200 : roll < 97 ? 429 : 502;
            e.latencyMs = 300 + random.bounded(2500);
            e.ttfbMs = 120 + random.bounded(600);
            if (e.status == 200) {
                e.promptTokens = 200 + random.bounded(3000);
                e.completionTokens = 50 + random.bounded(900);
                e.cost = (*e.promptTokens * t.inPrice + *e.completionTokens * t.outPrice) / 1e6;
            } else {
                e.error = e.status == 429 ? QStringLiteral("Rate limit reached for requests")
                                          : QStringLiteral("Upstream connection reset");
                e.attempts = 2;
                e.attemptErrors = QStringLiteral("deepseek/deepseek-chat: 503 overloaded");
            }
            rows << e;
        }
        std::sort(rows.begin(), rows.end(),
                  [](const auto &a, const auto &b) { return a.timestampMs < b.timestampMs; });
        QVERIFY(RequestLogRepository(*m_db).insertBatch(rows).ok());
        m_recent->prepend(rows.mid(rows.size() - 40));
    }

    // Renders every page of a freshly built window; returns the sidebar names.
    QStringList renderAll(const QString &prefix, QColor *pageBackground = nullptr,
                          QSize size = QSize(1180, 760), QStringList *sidewaysScrolling = nullptr)
    {
        const AppServices services{m_gateway.get(), m_db.get(),     m_secrets.get(),
                                   m_recent.get(),  m_health.get(), m_targets.get(),
                                   m_dir.path()};
        std::unique_ptr<MainWindow> window(createAppWindow(services));
        window->resize(size.isValid() ? size : window->minimumSize());
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return {};
        QDir().mkpath(QStringLiteral("gallery"));
        QStringList names;
        // The first thing a new user opens: the add-provider dialog, on the DeepSeek preset.
        if (auto *providers = window->findChild<ProvidersPage *>()) {
            ProviderDialog *dialog = providers->openAddDialog();
            dialog->selectPreset(QStringLiteral("deepseek"));
            part<QLineEdit>(dialog, "apiKeyEdit")->setText(QStringLiteral("sk-example"));
            QTest::qWait(60);
            if (!dialog->grab().save(QStringLiteral("gallery/%1-provider-dialog.png").arg(prefix)))
                return {};
            dialog->reject();
        }
        for (int i = 0; i < window->pageCount(); ++i) {
            window->showPage(i);
            // Pages load their data off the GUI thread: wait for it to arrive (past the models'
            // 50 ms coalescing of change signals first).
            QTest::qWait(60);
            if (!QTest::qWaitFor([] { return DatabaseWorker::busyWorkers() == 0; }, 10000))
                return {};
            const QString title = window->page(i)->windowTitle();
            names << title;
            const QImage image = window->grab().toImage();
            if (pageBackground && i == 0)
                *pageBackground = image.pixelColor(image.width() - 12, image.height() - 12);
            if (sidewaysScrolling) {
                for (QScrollArea *area : window->page(i)->findChildren<QScrollArea *>())
                    if (area->horizontalScrollBar()->isVisible())
                        *sidewaysScrolling << title;
                // An input narrower than it can be drawn shows cut text ("ek-chat").
                for (QWidget *input : window->page(i)->findChildren<QWidget *>()) {
                    const bool isInput =
                        qobject_cast<QComboBox *>(input) || qobject_cast<QAbstractSpinBox *>(input);
                    if (isInput && input->isVisible() &&
                        input->width() < input->minimumSizeHint().width())
                        *sidewaysScrolling << QStringLiteral("%1: %2 squeezed to %3 px (needs %4)")
                                                  .arg(title, input->objectName())
                                                  .arg(input->width())
                                                  .arg(input->minimumSizeHint().width());
                }
            }
            const QString file = QStringLiteral("gallery/%1-%2-%3.png")
                                     .arg(prefix)
                                     .arg(i + 1, 2, 10, QLatin1Char('0'))
                                     .arg(sanitized(window->page(i)->objectName().isEmpty()
                                                        ? QString::number(i + 1)
                                                        : window->page(i)->objectName()));
            if (!image.save(file))
                return {};
        }
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(m_db->open().ok());
        m_secrets = std::make_unique<SecretStore>(
            QStringLiteral("LLMux gallery %1").arg(QCoreApplication::applicationPid()));
        m_recent = std::make_unique<RecentRequestsModel>();
        fillDatabase();
        m_gateway = std::make_unique<Gateway>(*m_db, *m_secrets);
        // The default port when it is free, so the pictures show the address users will see.
        GatewayOptions options;
        if (!m_gateway->start(options).ok()) {
            options.port = 0;
            QVERIFY(m_gateway->start(options).ok());
        }
        QTRY_VERIFY(m_gateway->isReady());
        m_health = std::make_unique<HealthModel>(m_gateway.get(), *m_db);
        m_targets = std::make_unique<TargetHealthModel>(m_gateway.get());
        Language::install(QStringLiteral("en"));
        QDir(QStringLiteral("gallery")).removeRecursively(); // no pictures from older runs
    }

    void cleanupTestCase()
    {
        m_gateway->stop();
        Theme::apply(Theme::Mode::Light);
        Language::install(QStringLiteral("en"));
    }

    void everyPageInTheLightTheme()
    {
        Theme::apply(Theme::Mode::Light);
        QColor background;
        const QStringList names = renderAll(QStringLiteral("light"), &background);
        QVERIFY(names.size() >= 10);
        for (const QString &name : names)
            QVERIFY2(!name.isEmpty(), "every page needs a sidebar name");
        QVERIFY2(background.lightness() > 200, qPrintable(background.name()));
    }

    void everyPageInTheDarkTheme()
    {
        Theme::apply(Theme::Mode::Dark);
        QColor background;
        const QStringList names = renderAll(QStringLiteral("dark"), &background);
        QVERIFY(names.size() >= 10);
        QVERIFY2(background.lightness() < 80, qPrintable(background.name()));
        Theme::apply(Theme::Mode::Light);
    }

    // The highlighted item of an open combo box shows its text on the accent colour, in both
    // themes (it was drawn blank in the light one: white text on a white row).
    void comboPopupsShowTheHighlightedItem_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("light") << int(Theme::Mode::Light);
        QTest::newRow("dark") << int(Theme::Mode::Dark);
    }
    void comboPopupsShowTheHighlightedItem()
    {
        QFETCH(int, mode);
        Theme::apply(Theme::Mode(mode));
        QWidget host;
        auto *combo = new QComboBox(&host);
        combo->addItems({QStringLiteral("Hour"), QStringLiteral("Day"), QStringLiteral("Week")});
        combo->setCurrentIndex(1);
        host.resize(300, 60);
        host.show();
        QVERIFY(QTest::qWaitForWindowExposed(&host));
        combo->showPopup();
        QAbstractItemView *view = combo->view();
        QTRY_VERIFY(view->isVisible());
        QCoreApplication::processEvents();
        const QRect row = view->visualRect(view->currentIndex());
        QVERIFY(row.isValid());
        const QImage image = view->viewport()->grab(row).toImage();
        QDir().mkpath(QStringLiteral("gallery"));
        view->window()->grab().save(
            QDir(QStringLiteral("gallery"))
                .filePath(QStringLiteral("combo-popup-%1-open.png")
                              .arg(QLatin1String(QTest::currentDataTag()))));
        image.save(QDir(QStringLiteral("gallery"))
                       .filePath(QStringLiteral("combo-popup-%1.png")
                                     .arg(QLatin1String(QTest::currentDataTag()))));
        // Mostly the accent colour, with white text on it.
        int accent = 0, white = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (qAbs(c.red() - 0x00) < 40 && qAbs(c.green() - 0x7A) < 40 &&
                    qAbs(c.blue() - 0xFF) < 40)
                    ++accent;
                else if (c.lightness() > 200)
                    ++white;
            }
        }
        const int pixels = image.width() * image.height();
        QVERIFY2(accent > pixels / 2,
                 qPrintable(QStringLiteral("%1 of %2 accent").arg(accent).arg(pixels)));
        QVERIFY2(white > 10, "no text on the highlighted row");
        combo->hidePopup();
        Theme::apply(Theme::Mode::Light);
    }

    // At the window's smallest size no page scrolls sideways (pictures: gallery/min-*.png).
    void everyPageAtTheMinimumSize()
    {
        Theme::apply(Theme::Mode::Light);
        QStringList sideways;
        const QStringList names = renderAll(QStringLiteral("min"), nullptr, QSize(), &sideways);
        QVERIFY(names.size() >= 10);
        QVERIFY2(sideways.isEmpty(), qPrintable(sideways.join(QStringLiteral(", "))));
    }

    void everyPageInChinese()
    {
        Language::install(QStringLiteral("zh_CN"));
        // A font that writes Chinese comes first, so headings mixing Latin and Chinese are drawn
        // in one font (not bold Latin beside regular Chinese).
        const QString first = QFontInfo(QApplication::font()).family();
        QVERIFY2(QFontDatabase::writingSystems(first).contains(QFontDatabase::SimplifiedChinese),
                 qPrintable(first));
        Theme::apply(Theme::Mode::Light);
        const QStringList names = renderAll(QStringLiteral("zh-light"));
        Language::install(QStringLiteral("en"));
        QVERIFY(names.size() >= 10);
        // Every sidebar name is translated: it has Chinese characters.
        for (const QString &name : names) {
            bool chinese = false;
            for (QChar c : name)
                chinese = chinese || (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF);
            QVERIFY2(chinese, qPrintable(name));
        }
    }
};

QTEST_MAIN(TestGallery)
#include "tst_gallery.moc"
