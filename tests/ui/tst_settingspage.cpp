// The Settings page over a real database: the listen address (checked, stored, a running gateway
// moved there only once it is bound, a busy port explained while the old address keeps serving),
// starting with the system (the XDG autostart entry), start minimized, language and theme switched
// live, the log's retention and the gateway's tuning numbers. Renders settings.png.
#include "core/config/ListenSettings.h"
#include "core/config/TuningSettings.h"
#include "core/gateway/Gateway.h"
#include "core/store/Database.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "ui/settings/Autostart.h"
#include "ui/settings/DesktopPreferences.h"
#include "ui/settings/SettingsPage.h"
#include "ui/settings/TuningSettingsModel.h"
#include "ui/theme/Icons.h"
#include "ui/theme/Language.h"
#include "ui/theme/Theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;

// A British English system, set before QApplication reads it: its dates differ from en_US.
static void britishSystem()
{
    qputenv("LC_ALL", "en_GB.UTF-8");
}
Q_CONSTRUCTOR_FUNCTION(britishSystem)

class TestSettingsPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

    static int rowOf(TuningSettingsModel *model, const QString &key)
    {
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, TuningSettingsModel::Setting).data().toString() == key)
                return row;
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Autostart entries go to a test folder, never the real session's.
        QStandardPaths::setTestModeEnabled(true);
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(m_db->open().ok());
        Theme::apply(Theme::Mode::Light);
    }

    void cleanupTestCase()
    {
        QVERIFY(Autostart::setEnabled(false, {}, {}).ok());
        Language::install(QStringLiteral("en"));
    }

    void listenAddressIsCheckedStoredAndAppliedByARestart()
    {
        SettingsPage page(nullptr, *m_db, m_dir.path());
        QCOMPARE(page.hostCombo()->currentData().toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(page.portSpin()->value(), int(ListenSettings::kDefaultPort));
        QVERIFY(!page.applyAddressButton()->isEnabled()); // nothing changed yet

        page.hostCombo()->setEditText(QStringLiteral("not-an-address"));
        QVERIFY(!page.applyAddressButton()->isEnabled());
        QVERIFY(page.addressMessage()->text().contains(QLatin1String("IP address")));

        page.hostCombo()->setCurrentIndex(page.hostCombo()->findData(QStringLiteral("0.0.0.0")));
        page.portSpin()->setValue(6123);
        QVERIFY(page.applyAddressButton()->isEnabled());
        QVERIFY(page.addressMessage()->text().contains(QLatin1String("Other computers")));
        QTest::mouseClick(page.applyAddressButton(), Qt::LeftButton);
        const SettingsRepository settings(*m_db);
        QCOMPARE(ListenSettings::storedHost(settings), QStringLiteral("0.0.0.0"));
        QCOMPARE(ListenSettings::storedPort(settings), QStringLiteral("6123"));
        QVERIFY(!page.applyAddressButton()->isEnabled());

        // A new page shows what is stored; a typed IPv6 loopback is accepted.
        SettingsPage again(nullptr, *m_db, m_dir.path());
        QCOMPARE(again.portSpin()->value(), 6123);
        again.hostCombo()->setEditText(QStringLiteral("::1"));
        QVERIFY(again.applyAddressButton()->isEnabled());
        QTest::mouseClick(again.applyAddressButton(), Qt::LeftButton);
        QCOMPARE(ListenSettings::storedHost(settings), QStringLiteral("::1"));
        QVERIFY(ListenSettings::save(*std::make_unique<SettingsRepository>(*m_db),
                                     QStringLiteral("127.0.0.1"), QStringLiteral("5569"))
                    .ok());
    }

    void aBusyPortKeepsTheGatewayServingWhereItWas()
    {
        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(*m_db, secrets);
        GatewayOptions options;
        options.port = 0;
        QVERIFY(gateway.start(options).ok());
        const quint16 servingPort = gateway.port();
        QVERIFY(ListenSettings::save(*std::make_unique<SettingsRepository>(*m_db),
                                     QStringLiteral("127.0.0.1"), QString::number(servingPort))
                    .ok());
        SettingsPage page(&gateway, *m_db, m_dir.path());
        QCOMPARE(page.portSpin()->value(), int(servingPort));
        QVERIFY(!page.applyAddressButton()->isEnabled());

        // Another program holds the port asked for.
        QTcpServer other;
        QVERIFY(other.listen(QHostAddress::LocalHost, 0));
        page.portSpin()->setValue(other.serverPort());
        QVERIFY(page.applyAddressButton()->isEnabled());
        QTest::mouseClick(page.applyAddressButton(), Qt::LeftButton);
        QVERIFY(gateway.isRunning());
        QCOMPARE(gateway.port(), servingPort);
        QVERIFY(page.problemLabel()->isVisibleTo(&page));
        const QString problem = page.problemLabel()->text();
        QVERIFY2(problem.contains(QString::number(other.serverPort())), qPrintable(problem));
        QVERIFY2(problem.contains(gateway.baseUrl()), qPrintable(problem)); // where it still is
        QVERIFY2(problem.contains(QLatin1String("Choose another port")), qPrintable(problem));
        QVERIFY2(!problem.contains(QLatin1String("--port")), qPrintable(problem)); // no CLI advice
        const SettingsRepository settings(*m_db);
        QCOMPARE(ListenSettings::storedPort(settings), QString::number(servingPort));
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, servingPort);
        QVERIFY(probe.waitForConnected(5000));
        probe.abort();

        // Back to the port it serves on: nothing to apply, and it never stopped.
        page.portSpin()->setValue(servingPort);
        QVERIFY(!page.applyAddressButton()->isEnabled());
        QVERIFY(gateway.isRunning());

        // A free port: it moves there, and that is what is stored.
        QTcpServer finder;
        QVERIFY(finder.listen(QHostAddress::LocalHost, 0));
        const quint16 freePort = finder.serverPort();
        finder.close();
        page.portSpin()->setValue(freePort);
        QTest::mouseClick(page.applyAddressButton(), Qt::LeftButton);
        QVERIFY(gateway.isRunning());
        QCOMPARE(gateway.port(), freePort);
        QCOMPARE(ListenSettings::storedPort(settings), QString::number(freePort));
        QVERIFY(!page.problemLabel()->isVisibleTo(&page));
        QVERIFY(!page.applyAddressButton()->isEnabled());
        QTcpSocket moved;
        moved.connectToHost(QHostAddress::LocalHost, freePort);
        QVERIFY(moved.waitForConnected(5000));
        moved.abort();

        // Another address on the same port (this computer → the network): the old listener is
        // the only thing in the way, so it moves.
        page.hostCombo()->setCurrentIndex(page.hostCombo()->findData(QStringLiteral("0.0.0.0")));
        QVERIFY(page.applyAddressButton()->isEnabled());
        QTest::mouseClick(page.applyAddressButton(), Qt::LeftButton);
        QVERIFY2(!page.problemLabel()->isVisibleTo(&page), qPrintable(page.problemLabel()->text()));
        QVERIFY(gateway.isRunning());
        QCOMPARE(gateway.address().toString(), QStringLiteral("0.0.0.0"));
        QCOMPARE(gateway.port(), freePort);
        QCOMPARE(ListenSettings::storedHost(settings), QStringLiteral("0.0.0.0"));
        gateway.stop();
        QVERIFY(ListenSettings::save(*std::make_unique<SettingsRepository>(*m_db),
                                     QStringLiteral("127.0.0.1"), QStringLiteral("5569"))
                    .ok());
    }

    // English after Chinese is the system's English again, with its regional formats.
    void englishAfterChineseKeepsTheSystemsFormats()
    {
        Language::install(QStringLiteral("system"));
        const QString systemDates = QLocale().dateFormat(QLocale::ShortFormat);
        QCOMPARE(QLocale().name(), QStringLiteral("en_GB"));
        Language::install(QStringLiteral("zh_CN"));
        QVERIFY(QLocale().dateFormat(QLocale::ShortFormat) != systemDates);
        Language::install(QStringLiteral("en"));
        QCOMPARE(QLocale().dateFormat(QLocale::ShortFormat), systemDates);
        QCOMPARE(QLocale().name(), QStringLiteral("en_GB"));
    }

    void startingWithTheSystemWritesALoginEntry()
    {
        SettingsPage page(nullptr, *m_db, m_dir.path());
        page.setAutostartCommand(QStringLiteral("/opt/LLMux Test/llmux"),
                                 {QStringLiteral("--data-dir"), m_dir.path()});
        QVERIFY(!page.startWithSystemCheck()->isChecked());
        page.startWithSystemCheck()->setChecked(true);
        QVERIFY(Autostart::isEnabled());
        QFile entry(Autostart::location());
        QVERIFY(entry.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(entry.readAll());
        QVERIFY2(
            text.contains(QStringLiteral("Exec=\"/opt/LLMux Test/llmux\" \"--data-dir\" \"%1\"")
                              .arg(m_dir.path())),
            qPrintable(text));
        page.startWithSystemCheck()->setChecked(false);
        QVERIFY(!Autostart::isEnabled());

        // Quotes, dollars, backslashes and percent signs survive the desktop entry's escaping.
        page.setAutostartCommand(QStringLiteral("/opt/a\\b/llmux"),
                                 {QStringLiteral("100% \"$HOME\"")});
        page.startWithSystemCheck()->setChecked(true);
        QFile odd(Autostart::location());
        QVERIFY(odd.open(QIODevice::ReadOnly));
        const QString oddText = QString::fromUtf8(odd.readAll());
        QVERIFY2(oddText.contains(QStringLiteral(
                     "Exec=\"/opt/a\\\\\\\\b/llmux\" \"100%% \\\\\"\\\\$HOME\\\\\"\"")),
                 qPrintable(oddText));
        page.startWithSystemCheck()->setChecked(false);

        page.startMinimizedCheck()->setChecked(true);
        QVERIFY(DesktopPreferences(*m_db).startMinimized());
        page.startMinimizedCheck()->setChecked(false);
        QVERIFY(!DesktopPreferences(*m_db).startMinimized());
    }

    void themeSwitchesLiveAndIsRemembered()
    {
        SettingsPage page(nullptr, *m_db, m_dir.path());
        // An icon already set on a button must follow the theme, not keep the old tint.
        const QIcon add = Icons::get(QStringLiteral("add"));
        const auto strokeLightness = [&add] {
            return add.pixmap(QSize(24, 24), 1.0).toImage().pixelColor(11, 11).lightness();
        };
        page.themeCombo()->setCurrentIndex(page.themeCombo()->findData(QStringLiteral("dark")));
        QVERIFY(Theme::isDark());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        QCOMPARE(DesktopPreferences(*m_db).theme(), Theme::Mode::Dark);
        QVERIFY2(strokeLightness() > 150, qPrintable(QString::number(strokeLightness())));
        page.themeCombo()->setCurrentIndex(page.themeCombo()->findData(QStringLiteral("light")));
        QVERIFY(!Theme::isDark());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
        QCOMPARE(DesktopPreferences(*m_db).theme(), Theme::Mode::Light);
        QVERIFY2(strokeLightness() < 100, qPrintable(QString::number(strokeLightness())));
    }

    void languageSwitchesLiveAndIsRemembered()
    {
        SettingsPage page(nullptr, *m_db, m_dir.path());
        QSignalSpy changed(&page, &SettingsPage::languageChanged);
        page.languageCombo()->setCurrentIndex(
            page.languageCombo()->findData(QStringLiteral("zh_CN")));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(Language::current(), QStringLiteral("zh_CN"));
        QCOMPARE(DesktopPreferences(*m_db).language(), QStringLiteral("zh_CN"));
        // Pages built from now on speak Chinese (the app rebuilds its window on the signal).
        SettingsPage chinese(nullptr, *m_db, m_dir.path());
        QCOMPARE(chinese.windowTitle(), QStringLiteral("设置"));
        QCOMPARE(chinese.languageCombo()->currentData().toString(), QStringLiteral("zh_CN"));

        chinese.languageCombo()->setCurrentIndex(
            chinese.languageCombo()->findData(QStringLiteral("en")));
        QCOMPARE(SettingsPage(nullptr, *m_db, m_dir.path()).windowTitle(),
                 QStringLiteral("Settings"));
    }

    void retentionAndTuningGoThroughTheCheckedCatalog()
    {
        SettingsPage page(nullptr, *m_db, m_dir.path());
        page.retentionCombo()->setCurrentIndex(page.retentionCombo()->findData(30));
        const auto *retention = TuningSettings::find(QStringLiteral("log.retention_days"));
        QCOMPARE(TuningSettings::value(SettingsRepository(*m_db), *retention), 30);
        page.retentionCombo()->setCurrentIndex(page.retentionCombo()->findData(0));
        QCOMPARE(TuningSettings::value(SettingsRepository(*m_db), *retention), 0);

        TuningSettingsModel *model = page.tuningModel();
        const int row = rowOf(model, QStringLiteral("retry.max_attempts"));
        QVERIFY(row >= 0);
        QVERIFY(rowOf(model, QStringLiteral("log.retention_days")) < 0); // has its own control
        QVERIFY(model->setData(model->index(row, TuningSettingsModel::Value), 6));
        const auto *attempts = TuningSettings::find(QStringLiteral("retry.max_attempts"));
        QCOMPARE(TuningSettings::value(SettingsRepository(*m_db), *attempts), 6);
        QVERIFY(!model->setData(model->index(row, TuningSettingsModel::Value), -3));
        QVERIFY(page.problemLabel()->isVisibleTo(&page));
        QVERIFY(page.problemLabel()->text().contains(QLatin1String("retry.max_attempts")));
        QCOMPARE(TuningSettings::value(SettingsRepository(*m_db), *attempts), 6);
        model->resetAll();
        QCOMPARE(TuningSettings::value(SettingsRepository(*m_db), *attempts),
                 attempts->defaultValue);

        // A retention set from the command line that the list does not offer is shown as is.
        QVERIFY(TuningSettings::set(*std::make_unique<SettingsRepository>(*m_db),
                                    QStringLiteral("log.retention_days"), QStringLiteral("45"))
                    .ok());
        SettingsPage custom(nullptr, *m_db, m_dir.path());
        QCOMPARE(custom.retentionCombo()->currentData().toInt(), 45);
    }

    void rendersForAReviewer()
    {
        SettingsPage page(nullptr, *m_db, m_dir.path());
        page.resize(900, 1100);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.grab().save(QStringLiteral("settings.png")));
    }
};

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
