// The providers page over a real database, the real OS keychain and a fake OpenAI-compatible
// provider: add one from the DeepSeek preset with its key (stored in the keychain, not the
// database), test the connection with a wrong and a right key, fetch its models and publish one,
// edit it keeping the stored key, add an extra key, disable it and remove it with its secrets.
// The dialog's keyboard and first-run guidance: Enter saves and never cancels, Test fills the model
// list, and after adding a provider the page says what to do next.
// Renders the page and the dialog to providers.png and provider-dialog.png in the working folder.
#include "core/gateway/Gateway.h"
#include "core/providers/ProviderPresets.h"
#include "core/store/Database.h"
#include "core/store/HealthRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "tests/fakes/FakeAnthropicUpstream.h"
#include "tests/fakes/FakeGeminiUpstream.h"
#include "tests/fakes/FakeOpenAiUpstream.h"
#include "tests/support/MemorySecretBackend.h"
#include "tests/support/WidgetParts.h"
#include "ui/providers/ExtraKeysSection.h"
#include "ui/providers/ModelOfferSection.h"
#include "ui/providers/ProviderDialog.h"
#include "ui/providers/ProviderDraftCheck.h"
#include "ui/providers/ProvidersModel.h"
#include "ui/providers/ProvidersPage.h"
#include "ui/theme/ProblemLabel.h"
#include "ui/theme/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUuid>

using namespace llmux;
using namespace llmux::test;

namespace {

void retype(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    edit->clear();
    QTest::keyClicks(edit, text);
}

QString cell(const ProvidersModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

QString toolTip(const ProvidersModel &model, const QString &provider, int column)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (cell(model, row, ProvidersModel::Name) == provider)
            return model.index(row, column).data(Qt::ToolTipRole).toString();
    return QStringLiteral("(no row for %1)").arg(provider);
}

// An OpenAI-compatible server whose model list names the same model under "data" and "models".
class DoubleListServer : public QTcpServer
{
public:
    DoubleListServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    if (!socket->readAll().contains("\r\n\r\n"))
                        return;
                    const QByteArray body =
                        R"({"object":"list","data":[{"id":"alpha"},{"id":"beta"}],)"
                        R"("models":[{"name":"models/beta"},{"name":"gamma"},{"id":"alpha"}]})";
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Connection: close\r\nContent-Length: " +
                                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1/v1").arg(serverPort()); }
};

// Whether two colours are the same but for antialiasing.
bool near(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) <= 12 && qAbs(a.green() - b.green()) <= 12 &&
           qAbs(a.blue() - b.blue()) <= 12;
}

// The fill of a push button as drawn: above its text, in the middle.
QColor buttonFill(QPushButton *button)
{
    const QImage image = button->grab().toImage();
    return image.pixelColor(image.width() / 2, 3);
}

} // namespace

class TestProvidersPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_upstream.listen());
        m_upstream.rejectKey("sk-providers-wrong");
        QVERIFY(m_dir.isValid());
        QVERIFY(m_db.open().ok());
        Theme::apply(Theme::Mode::Light); // the app's style sheet: the accent button is drawn
        m_instance = SettingsRepository(m_db).instanceId();
        m_gateway = std::make_unique<Gateway>(m_db, m_secrets);
        m_page = std::make_unique<ProvidersPage>(m_gateway.get(), m_db, m_secrets);
        m_page->resize(1100, 620);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_gateway.reset();
        // Whatever a failed run left behind in this run's keychain service.
        for (const QString &account : std::as_const(m_accounts))
            static_cast<void>(m_secrets.remove(account)); // best effort: the test's own entries
    }

    void emptyPageInvitesTheFirstProvider()
    {
        QCOMPARE(m_page->windowTitle(), QStringLiteral("Providers"));
        QCOMPARE(m_page->model()->rowCount(), 0);
        QVERIFY(m_page->emptyState()->isVisible());
        QVERIFY(m_page->emptyState()->text().contains(QStringLiteral("DeepSeek")));
        QVERIFY(!m_page->view()->isVisible());
        QVERIFY(!m_page->editButton()->isEnabled());
        QVERIFY(!m_page->removeButton()->isEnabled());
    }

    void addFromPresetTestsFetchesAndSaves()
    {
        QPointer<ProviderDialog> dialog = m_page->openAddDialog();
        QVERIFY(dialog && dialog->isVisible());
        dialog->selectPreset(QStringLiteral("deepseek"));
        QCOMPARE(part<QListWidget>(dialog, "presetList")->currentItem()->text(),
                 QStringLiteral("DeepSeek"));
        QCOMPARE(part<QComboBox>(dialog, "kindCombo")->currentText(), QStringLiteral("openai"));
        QCOMPARE(part<QLineEdit>(dialog, "baseUrlEdit")->text(),
                 QStringLiteral("https://api.deepseek.com/v1"));
        QCOMPARE(part<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("deepseek"));
        QVERIFY(part<QLabel>(dialog, "presetHint")
                    ->text()
                    .contains(QStringLiteral("platform.deepseek.com")));
        QCOMPARE(part<QLineEdit>(dialog, "apiKeyEdit")->echoMode(), QLineEdit::Password);
        QTest::mouseClick(part<QToolButton>(dialog, "showKeyButton"), Qt::LeftButton);
        QCOMPARE(part<QLineEdit>(dialog, "apiKeyEdit")->echoMode(), QLineEdit::Normal);
        QTest::mouseClick(part<QToolButton>(dialog, "showKeyButton"), Qt::LeftButton);
        QCOMPARE(part<QLineEdit>(dialog, "apiKeyEdit")->echoMode(), QLineEdit::Password);

        // The fake stands in for DeepSeek; a wrong key gets the provider's 401, word for word.
        retype(part<QLineEdit>(dialog, "baseUrlEdit"), m_upstream.baseUrl());
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"),
                         QStringLiteral("sk-providers-wrong"));
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QVERIFY(dialog->isBusy());
        QVERIFY(!part<QPushButton>(dialog, "testButton")->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        const QString rejected = part<QLabel>(dialog, "testResult")->text();
        QVERIFY2(rejected.contains(QStringLiteral("HTTP 401")), qPrintable(rejected));
        QVERIFY2(rejected.contains(QStringLiteral("rejected the API key")), qPrintable(rejected));
        QVERIFY(part<QPushButton>(dialog, "testButton")->isEnabled());

        retype(part<QLineEdit>(dialog, "apiKeyEdit"), QStringLiteral("sk-providers-good"));
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        const QString connected = part<QLabel>(dialog, "testResult")->text();
        QVERIFY2(connected.startsWith(QStringLiteral("Connected in ")), qPrintable(connected));
        QVERIFY2(connected.contains(QStringLiteral("1 model")), qPrintable(connected));
        QCOMPARE(m_upstream.keysSeen().last(), QByteArray("sk-providers-good"));

        QTest::mouseClick(part<QPushButton>(dialog, "fetchModelsButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QCOMPARE(part<QListWidget>(dialog, "modelList")->count(), 1);
        QListWidgetItem *model = part<QListWidget>(dialog, "modelList")->item(0);
        QCOMPARE(model->text(), QStringLiteral("gpt-fake"));
        QCOMPARE(model->checkState(), Qt::Unchecked);
        model->setCheckState(Qt::Checked);

        // Validation speaks before anything is written.
        retype(part<QLineEdit>(dialog, "nameEdit"), QString());
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QVERIFY(part<ProblemLabel>(dialog, "problemLabel")->isVisible());
        QVERIFY(
            part<ProblemLabel>(dialog, "problemLabel")->text().contains(QStringLiteral("name")));
        retype(part<QLineEdit>(dialog, "nameEdit"), QStringLiteral("deepseek"));
        retype(part<QLineEdit>(dialog, "baseUrlEdit"), QStringLiteral("api.deepseek.com"));
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QVERIFY2(part<ProblemLabel>(dialog, "problemLabel")
                     ->text()
                     .contains(QStringLiteral("not a web address")),
                 qPrintable(part<ProblemLabel>(dialog, "problemLabel")->text()));
        retype(part<QLineEdit>(dialog, "baseUrlEdit"), m_upstream.baseUrl());
        QVERIFY(ProviderRepository(m_db).list()->isEmpty());

        const QString png = QDir::current().filePath(QStringLiteral("provider-dialog.png"));
        QVERIFY(dialog->grab().save(png));
        qInfo() << "rendered" << png;

        QSignalSpy saved(dialog.data(), &ProviderDialog::saved);
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
        QCOMPARE(saved.first().at(1).toStringList(), QStringList{QStringLiteral("gpt-fake")});
        QVERIFY(saved.first().at(2).toStringList().isEmpty());
        QTRY_VERIFY(!dialog);

        // The row names the keychain; the key itself is only there.
        const auto stored = ProviderRepository(m_db).findByName(QStringLiteral("deepseek"));
        QVERIFY(stored && stored->has_value());
        const ProviderRecord record = **stored;
        QCOMPARE(record.kind, QStringLiteral("openai"));
        QCOMPARE(record.baseUrl, m_upstream.baseUrl());
        QVERIFY(record.secretInKeychain);
        QVERIFY(record.apiKeyEnv.isEmpty());
        m_providerId = record.id;
        const QString account = SecretStore::providerAccount(m_instance, record.id);
        m_accounts << account;
        const auto key = m_secrets.read(account);
        QVERIFY2(key.ok(), qPrintable(key.error()));
        QCOMPARE(key.value(), QByteArray("sk-providers-good"));
        QFile file(m_dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("sk-providers-good"));

        const auto models = ModelRepository(m_db).list();
        QVERIFY(models.ok());
        QCOMPARE(models->size(), 1);
        QCOMPARE(models->first().publicName, QStringLiteral("gpt-fake"));
        QCOMPARE(models->first().providerId, record.id);
        QCOMPARE(models->first().upstreamModel, QStringLiteral("gpt-fake"));

        QCOMPARE(m_page->model()->rowCount(), 1);
        QVERIFY(m_page->view()->isVisible());
        QVERIFY(!m_page->emptyState()->isVisible());
        QCOMPARE(cell(*m_page->model(), 0, ProvidersModel::Name), QStringLiteral("deepseek"));
        QCOMPARE(cell(*m_page->model(), 0, ProvidersModel::Keys), QStringLiteral("1"));
        QCOMPARE(cell(*m_page->model(), 0, ProvidersModel::Status), QStringLiteral("not checked"));
    }

    void duplicateNamesAreRefused()
    {
        QPointer<ProviderDialog> dialog = m_page->openAddDialog();
        dialog->selectPreset(QStringLiteral("deepseek"));
        // The suggestion skips the name in use…
        QCOMPARE(part<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("deepseek-2"));
        // …and a name in use, in any case, is refused.
        retype(part<QLineEdit>(dialog, "nameEdit"), QStringLiteral("DeepSeek"));
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"), QStringLiteral("sk-other"));
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QVERIFY2(part<ProblemLabel>(dialog, "problemLabel")
                     ->text()
                     .contains(QStringLiteral("already a provider")),
                 qPrintable(part<ProblemLabel>(dialog, "problemLabel")->text()));
        // A preset that needs a key refuses to save without one.
        dialog->selectPreset(QStringLiteral("moonshot"));
        part<QLineEdit>(dialog, "apiKeyEdit")->clear();
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QVERIFY2(part<ProblemLabel>(dialog, "problemLabel")
                     ->text()
                     .contains(QStringLiteral("needs an API key")),
                 qPrintable(part<ProblemLabel>(dialog, "problemLabel")->text()));
        dialog->reject();
        QTRY_VERIFY(!dialog);
        QCOMPARE(ProviderRepository(m_db).list()->size(), 1);
    }

    void editKeepsTheStoredKeyAndAddsAnExtraOne()
    {
        m_page->selectRow(0);
        QVERIFY(m_page->editButton()->isEnabled());
        QTest::mouseClick(m_page->editButton(), Qt::LeftButton);
        auto *dialog = m_page->findChild<ProviderDialog *>();
        QVERIFY(dialog && dialog->isEditing());
        QPointer<ProviderDialog> guard(dialog);
        QVERIFY(!part<QListWidget>(dialog, "presetList")->isVisible());
        QCOMPARE(part<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("deepseek"));
        QVERIFY(part<QLineEdit>(dialog, "apiKeyEdit")->text().isEmpty());

        // Testing with the field empty uses the stored key.
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QVERIFY2(part<QLabel>(dialog, "testResult")->text().startsWith(QStringLiteral("Connected")),
                 qPrintable(part<QLabel>(dialog, "testResult")->text()));
        QCOMPARE(m_upstream.keysSeen().last(), QByteArray("sk-providers-good"));
        // Its model is listed as served already.
        QTest::mouseClick(part<QPushButton>(dialog, "fetchModelsButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QCOMPARE(part<QListWidget>(dialog, "modelList")->count(), 1);
        QVERIFY(!(part<QListWidget>(dialog, "modelList")->item(0)->flags() & Qt::ItemIsEnabled));

        QTest::mouseClick(part<QToolButton>(dialog, "advancedButton"), Qt::LeftButton);
        QVERIFY(part<QDoubleSpinBox>(dialog, "totalTimeout")->isVisible());
        part<QDoubleSpinBox>(dialog, "totalTimeout")->setValue(600);
        part<QDoubleSpinBox>(dialog, "connectTimeout")->setValue(5);
        part<QLineEdit>(dialog, "noProxyEdit")->setText(QStringLiteral("localhost,.internal"));
        auto *responses = part<QComboBox>(dialog, "responsesApiCombo");
        QCOMPARE(responses->currentData().toString(), QStringLiteral("auto"));
        responses->setCurrentIndex(responses->findData(QStringLiteral("translate")));
        QTest::keyClicks(part<QLineEdit>(dialog, "newExtraKeyEdit"),
                         QStringLiteral("sk-providers-extra"));
        QTest::mouseClick(part<QPushButton>(dialog, "addExtraKeyButton"), Qt::LeftButton);
        QCOMPARE(part<QListWidget>(dialog, "extraKeyList")->count(), 1);
        QVERIFY(part<QLineEdit>(dialog, "newExtraKeyEdit")->text().isEmpty());

        QSignalSpy saved(dialog, &ProviderDialog::saved);
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
        QTRY_VERIFY(!guard);

        const ProviderRecord record = storedProvider(QStringLiteral("deepseek"));
        QCOMPARE(record.timeouts.totalMs, 600000);
        QCOMPARE(record.timeouts.connectMs, 5000);
        QCOMPARE(record.noProxy, QStringLiteral("localhost,.internal"));
        QCOMPARE(record.responsesApi, QStringLiteral("translate"));
        QVERIFY(record.secretInKeychain);
        QCOMPARE(m_secrets.read(SecretStore::providerAccount(m_instance, record.id)).value(),
                 QByteArray("sk-providers-good"));
        const auto extra = ProviderKeyRepository(m_db).list(record.id);
        QVERIFY(extra.ok());
        QCOMPARE(extra->size(), 1);
        QCOMPARE(extra->first().label, QStringLiteral("key 1"));
        QVERIFY(extra->first().secretInKeychain);
        const QString extraAccount =
            SecretStore::providerKeyAccount(m_instance, record.id, extra->first().id);
        m_accounts << extraAccount;
        QCOMPARE(m_secrets.read(extraAccount).value(), QByteArray("sk-providers-extra"));
        QCOMPARE(cell(*m_page->model(), 0, ProvidersModel::Keys), QStringLiteral("2"));
    }

    // The Keys tooltip says where the main key really is, for each kind of provider.
    void keysToolTipSaysWhereTheKeyIs()
    {
        const QString deepseek =
            toolTip(*m_page->model(), QStringLiteral("deepseek"), ProvidersModel::Keys);
        QVERIFY2(deepseek.contains(QStringLiteral("stored in the OS keychain")),
                 qPrintable(deepseek));
        QVERIFY2(deepseek.contains(QStringLiteral("1 extra key")), qPrintable(deepseek));

        ProviderRecord local;
        local.name = QStringLiteral("local");
        local.kind = QStringLiteral("openai");
        local.baseUrl = QStringLiteral("http://127.0.0.1:11434/v1");
        const auto localId = ProviderRepository(m_db).add(local);
        QVERIFY(localId.ok());
        ProviderRecord env = local;
        env.name = QStringLiteral("from-env");
        env.apiKeyEnv = QStringLiteral("FROM_ENV_KEY");
        const auto envId = ProviderRepository(m_db).add(env);
        QVERIFY(envId.ok());
        m_page->model()->refresh();
        const QString none =
            toolTip(*m_page->model(), QStringLiteral("local"), ProvidersModel::Keys);
        QVERIFY2(none.startsWith(QStringLiteral("No main key")), qPrintable(none));
        QVERIFY2(!none.contains(QStringLiteral("keychain")), qPrintable(none));
        const QString fromEnv =
            toolTip(*m_page->model(), QStringLiteral("from-env"), ProvidersModel::Keys);
        QCOMPARE(fromEnv, QStringLiteral("The main key is read from $FROM_ENV_KEY."));
        QVERIFY(ProviderRepository(m_db).remove(localId.value()).ok());
        QVERIFY(ProviderRepository(m_db).remove(envId.value()).ok());
        m_page->model()->refresh();
    }

    // A keychain that does not answer (an unlock prompt nobody answers) fails the save at the
    // deadline, and a failed save changes nothing: not the key pool, not the row. Saving again
    // once the keychain answers applies every change exactly once, and the secret of the removed
    // key leaves the keychain.
    void failedSaveOfAnExistingProviderChangesNothing()
    {
        const ProviderRecord before = storedProvider(QStringLiteral("deepseek"));
        const QList<ProviderKeyRecord> keysBefore = *ProviderKeyRepository(m_db).list(before.id);
        QCOMPARE(keysBefore.size(), 1);
        const QString oldExtraAccount =
            SecretStore::providerKeyAccount(m_instance, before.id, keysBefore.first().id);
        QVERIFY(m_secrets.read(oldExtraAccount).ok());

        SecretStore impatient = m_secrets;
        impatient.setAsyncTimeout(300);
        QPointer<ProviderDialog> dialog = new ProviderDialog(m_db, impatient, before);
        dialog->show();
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"), QStringLiteral("sk-providers-new"));
        QTest::mouseClick(part<QToolButton>(dialog, "advancedButton"), Qt::LeftButton);
        part<QDoubleSpinBox>(dialog, "totalTimeout")->setValue(700);
        QTest::keyClicks(part<QLineEdit>(dialog, "newExtraKeyEdit"),
                         QStringLiteral("sk-providers-extra2"));
        QTest::mouseClick(part<QPushButton>(dialog, "addExtraKeyButton"), Qt::LeftButton);
        part<QListWidget>(dialog, "extraKeyList")->setCurrentRow(0);
        QTest::mouseClick(part<QPushButton>(dialog, "removeExtraKeyButton"), Qt::LeftButton);
        QCOMPARE(part<QListWidget>(dialog, "extraKeyList")->count(), 1);
        QSignalSpy saved(dialog.data(), &ProviderDialog::saved);
        {
            m_keychain->setMode(test::MemorySecretBackend::Mode::Hang); // an unanswered prompt
            QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
            QVERIFY(dialog->isBusy());
            dialog->reject(); // ignored while saving…
            QVERIFY(dialog->isVisible());
            // …but the save ends by itself.
            QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
            QVERIFY(part<ProblemLabel>(dialog, "problemLabel")->isVisible());
            const QString error = part<ProblemLabel>(dialog, "problemLabel")->text();
            QVERIFY2(error.contains(QStringLiteral("not saved")), qPrintable(error));
            QVERIFY2(error.contains(QStringLiteral("did not answer within 1 s")),
                     qPrintable(error));
            QVERIFY(dialogButton(dialog, QDialogButtonBox::Save)->isEnabled());
            QCOMPARE(saved.count(), 0);

            const auto keysNow = ProviderKeyRepository(m_db).list(before.id);
            QVERIFY(keysNow.ok());
            QCOMPARE(keysNow->size(), 1);
            QCOMPARE(keysNow->first().id, keysBefore.first().id);
            const ProviderRecord row = storedProvider(QStringLiteral("deepseek"));
            QCOMPARE(row.timeouts.totalMs, before.timeouts.totalMs);
            QVERIFY(row.secretInKeychain);
            m_keychain->wake();
        }

        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
        QVERIFY2(saved.first().at(2).toStringList().isEmpty(),
                 qPrintable(saved.first().at(2).toStringList().join(u' ')));
        const auto keysAfter = ProviderKeyRepository(m_db).list(before.id);
        QVERIFY(keysAfter.ok());
        QCOMPARE(keysAfter->size(), 1);
        const QString newExtraAccount =
            SecretStore::providerKeyAccount(m_instance, before.id, keysAfter->first().id);
        m_accounts << newExtraAccount;
        QCOMPARE(m_secrets.read(newExtraAccount).value(), QByteArray("sk-providers-extra2"));
        QCOMPARE(m_secrets.read(SecretStore::providerAccount(m_instance, before.id)).value(),
                 QByteArray("sk-providers-new"));
        // (SQLite may give the new key the removed key's id, and so its keychain entry.)
        if (keysAfter->first().id != keysBefore.first().id)
            QVERIFY(!m_secrets.read(oldExtraAccount).ok());
        QCOMPARE((storedProvider(QStringLiteral("deepseek"))).timeouts.totalMs, 700000);
        delete dialog.data();
    }

    // A proxy's password, or an extra key, lives in the keychain as long as the provider uses it.
    void proxyPasswordLeavesWithItsProxy()
    {
        const ProviderRecord before = storedProvider(QStringLiteral("deepseek"));
        const QString account =
            SecretStore::providerProxyAccount(m_instance, before.id, QStringLiteral("127.0.0.1:9"));
        m_accounts << account;
        const auto keys = ProviderKeyRepository(m_db).list(before.id);
        QVERIFY(keys.ok());
        QCOMPARE(keys->size(), 1);
        const QString keyAccount =
            SecretStore::providerKeyAccount(m_instance, before.id, keys->first().id);
        QVERIFY(m_secrets.read(keyAccount).ok());
        auto saveProxy = [this, &before](const QString &proxy, bool removeKey) {
            QPointer<ProviderDialog> dialog = new ProviderDialog(m_db, m_secrets, before);
            dialog->show();
            if (removeKey) {
                part<QListWidget>(dialog, "extraKeyList")->setCurrentRow(0);
                QTest::mouseClick(part<QPushButton>(dialog, "removeExtraKeyButton"),
                                  Qt::LeftButton);
            }
            part<QLineEdit>(dialog, "proxyEdit")->setText(proxy);
            QSignalSpy saved(dialog.data(), &ProviderDialog::saved);
            QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
            delete dialog.data();
        };
        saveProxy(QStringLiteral("http://proxyuser:proxy-pw@127.0.0.1:9"), false);
        QCOMPARE(m_secrets.read(account).value(), QByteArray("proxy-pw"));
        QVERIFY(!(storedProvider(QStringLiteral("deepseek"))).proxy.contains("proxy-pw"));
        saveProxy(QString(), true);
        QVERIFY((storedProvider(QStringLiteral("deepseek"))).proxy.isEmpty());
        QVERIFY(!m_secrets.read(account).ok());
        QVERIFY(ProviderKeyRepository(m_db).list(before.id)->isEmpty());
        QVERIFY(!m_secrets.read(keyAccount).ok());
    }

    // A new provider whose key the keychain never takes is not kept, and its key does not stay
    // behind in the keychain when the write lands late. Halfway it is disabled and claims no key.
    void newProviderWhoseKeyTimesOutLeavesNothing()
    {
        SecretStore impatient = m_secrets;
        impatient.setAsyncTimeout(300);
        QPointer<ProviderDialog> dialog = new ProviderDialog(m_db, impatient);
        dialog->show();
        dialog->selectPreset(QStringLiteral("deepseek"));
        QCOMPARE(part<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("deepseek-2"));
        retype(part<QLineEdit>(dialog, "baseUrlEdit"), m_upstream.baseUrl());
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"),
                         QStringLiteral("sk-providers-lost"));
        QString account;
        {
            m_keychain->setMode(test::MemorySecretBackend::Mode::Hang);
            QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
            const auto half = ProviderRepository(m_db).findByName(QStringLiteral("deepseek-2"));
            QVERIFY(half && half->has_value());
            QVERIFY(!(*half)->enabled);
            QVERIFY(!(*half)->secretInKeychain);
            account = SecretStore::providerAccount(m_instance, (*half)->id);
            m_accounts << account;
            QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
            QVERIFY2(part<ProblemLabel>(dialog, "problemLabel")
                         ->text()
                         .contains(QStringLiteral("did not answer")),
                     qPrintable(part<ProblemLabel>(dialog, "problemLabel")->text()));
            QVERIFY(
                !ProviderRepository(m_db).findByName(QStringLiteral("deepseek-2"))->has_value());
            QVERIFY(m_keychain->heldOperations() > 0); // the write, and its clean-up
            m_keychain->wake();
        }
        // The write lands once the keychain wakes up, and is taken back.
        QTRY_VERIFY_WITH_TIMEOUT(!m_keychain->contains(account), 10000);
        delete dialog.data();
    }

    // Keys typed into the pool wait in the draft until the provider is saved, never in the
    // list's item data where any code walking the widgets would find them.
    void typedExtraKeysLiveInTheDraft()
    {
        ProviderDraft draft;
        ExtraKeysSection section(draft);
        ProviderKeyRecord stored;
        stored.id = 42;
        stored.label = QStringLiteral("key 2");
        auto *edit = part<QLineEdit>(&section, "newExtraKeyEdit");
        for (const char *secret : {"sk-typed-first", "sk-typed-second"}) {
            QTest::keyClicks(edit, QLatin1String(secret));
            QTest::keyClick(edit, Qt::Key_Return); // adds, does not save
        }
        section.showStored({stored}); // listed above the typed keys
        auto *list = part<QListWidget>(&section, "extraKeyList");
        QCOMPARE(list->count(), 3);
        QVERIFY(list->item(0)->text().startsWith(QStringLiteral("key 2")));
        for (int row = 0; row < list->count(); ++row)
            for (int role = 0; role <= Qt::UserRole + 16; ++role)
                QVERIFY(
                    !list->item(row)->data(role).toString().contains(QLatin1String("sk-typed")));
        QCOMPARE(draft.addedKeys.size(), 2);
        QCOMPARE(draft.addedKeys.at(1).secret, QByteArray("sk-typed-second"));
        // Removing rows, by the button or otherwise, keeps the draft's account right.
        list->setCurrentRow(1);
        QTest::mouseClick(part<QPushButton>(&section, "removeExtraKeyButton"), Qt::LeftButton);
        QCOMPARE(draft.addedKeys.size(), 1);
        QCOMPARE(draft.addedKeys.at(0).secret, QByteArray("sk-typed-second"));
        delete list->takeItem(0);
        QCOMPARE(draft.removedKeyIds, QList<qint64>{42});
        delete list->takeItem(0);
        QVERIFY(draft.addedKeys.isEmpty());
    }

    // The dialog keeps what is typed in one draft: a preset picked later changes what the preset
    // is about and keeps the key and the advanced settings; ticks follow the offered models.
    void dialogKeepsOneDraft()
    {
        QPointer<ProviderDialog> dialog = new ProviderDialog(m_db, m_secrets);
        dialog->show();
        dialog->selectPreset(QStringLiteral("deepseek"));
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"), QStringLiteral("sk-draft"));
        QTest::mouseClick(part<QToolButton>(dialog, "advancedButton"), Qt::LeftButton);
        part<QDoubleSpinBox>(dialog, "idleTimeout")->setValue(42);
        QTest::keyClicks(part<QLineEdit>(dialog, "proxyEdit"), QStringLiteral("system"));
        dialog->selectPreset(QStringLiteral("custom"));
        QVERIFY(dialog->draft().record.name.isEmpty());
        QVERIFY(part<QLineEdit>(dialog, "nameEdit")->text().isEmpty());
        dialog->selectPreset(QStringLiteral("gemini"));
        QCOMPARE(dialog->draft().record.kind, QStringLiteral("gemini"));
        QCOMPARE(part<QComboBox>(dialog, "kindCombo")->currentText(), QStringLiteral("gemini"));
        QCOMPARE(part<QLineEdit>(dialog, "baseUrlEdit")->text(), dialog->draft().record.baseUrl);
        QCOMPARE(dialog->draft().apiKey, QByteArray("sk-draft"));
        QCOMPARE(dialog->draft().record.timeouts.idleMs, 42000);
        QCOMPARE(dialog->draft().proxyText, QStringLiteral("system"));
        // Typing and choosing go into the draft as they happen.
        retype(part<QLineEdit>(dialog, "nameEdit"), QStringLiteral("local"));
        part<QComboBox>(dialog, "kindCombo")->setCurrentText(QStringLiteral("anthropic"));
        QTest::mouseClick(part<QCheckBox>(dialog, "enabledCheck"), Qt::LeftButton);
        QCOMPARE(dialog->draft().record.name, QStringLiteral("local"));
        QCOMPARE(dialog->draft().record.kind, QStringLiteral("anthropic"));
        QVERIFY(!dialog->draft().record.enabled);
        delete dialog.data();
    }

    // Ticks live in the draft: a new list keeps those still offered and drops the others.
    void modelTicksFollowTheOffer()
    {
        ProviderDraft draft;
        ModelOfferSection section(draft);
        section.offer(
            {QStringLiteral("b-model"), QStringLiteral("a-model"), QStringLiteral("served")},
            {QStringLiteral("served")});
        auto *list = part<QListWidget>(&section, "modelList");
        QCOMPARE(list->count(), 3);
        QCOMPARE(list->item(0)->text(), QStringLiteral("a-model"));
        QVERIFY(!(list->item(2)->flags() & Qt::ItemIsEnabled)); // already a model: fixed
        list->item(0)->setCheckState(Qt::Checked);
        list->item(1)->setCheckState(Qt::Checked);
        QCOMPARE(draft.models, (QStringList{QStringLiteral("a-model"), QStringLiteral("b-model")}));
        list->item(1)->setCheckState(Qt::Unchecked);
        QCOMPARE(draft.models, QStringList{QStringLiteral("a-model")});
        list->item(1)->setCheckState(Qt::Checked);
        section.offer({QStringLiteral("b-model"), QStringLiteral("c-model")}, {});
        QCOMPARE(draft.models, QStringList{QStringLiteral("b-model")});
        QCOMPARE(list->item(0)->checkState(), Qt::Checked);
        QCOMPARE(list->item(1)->checkState(), Qt::Unchecked);
        section.showFetchFailed(); // the list and its ticks stay
        QCOMPARE(list->count(), 2);
        QCOMPARE(draft.models, QStringList{QStringLiteral("b-model")});
    }

    // What may be tried and what may be saved, without the dialog.
    void draftCheckSaysWhatIsMissing()
    {
        ProviderDraft draft;
        draft.record.kind = QStringLiteral("openai");
        draft.record.name = QStringLiteral("  fresh  ");
        const ProviderPreset *deepseek = ProviderPresets::find(QStringLiteral("deepseek"));
        QVERIFY(deepseek);
        const ProviderDraftCheck check(m_db, std::nullopt, deepseek);
        QVERIFY(check.forTrying(draft).error().contains(QStringLiteral("base URL")));
        draft.record.baseUrl = QStringLiteral("api.example.com");
        QVERIFY(check.forTrying(draft).error().contains(QStringLiteral("not a web address")));
        draft.record.baseUrl = QStringLiteral(" https://api.example.com/v1/ ");
        const Result<ProviderDraft> tried = check.forTrying(draft);
        QVERIFY2(tried.ok(), qPrintable(tried.error()));
        QCOMPARE(tried->record.name, QStringLiteral("fresh"));
        QVERIFY(!tried->record.baseUrl.startsWith(QLatin1Char(' ')));
        QVERIFY(check.forSaving(draft).error().contains(QStringLiteral("needs an API key")));
        draft.apiKey = " sk-x ";
        const Result<ProviderDraft> saved = check.forSaving(draft);
        QVERIFY2(saved.ok(), qPrintable(saved.error()));
        QCOMPARE(saved->apiKey, QByteArray("sk-x"));
        draft.record.name = QStringLiteral("has space");
        QVERIFY(check.forSaving(draft).error().contains(QStringLiteral("letters, digits")));
        draft.record.name.clear();
        QVERIFY(check.forTrying(draft).ok()); // a try needs no name
        QVERIFY(check.forSaving(draft).error().contains(QStringLiteral("name")));
    }

    // The save belongs to the store, not the dialog: closing the dialog midway (the app window
    // going away) still finishes the provider.
    void saveFinishesWithoutItsDialog()
    {
        QPointer<ProviderDialog> dialog = new ProviderDialog(m_db, m_secrets);
        dialog->show();
        dialog->selectPreset(QStringLiteral("custom"));
        part<QLineEdit>(dialog, "nameEdit")->setText(QStringLiteral("orphan"));
        part<QLineEdit>(dialog, "baseUrlEdit")->setText(m_upstream.baseUrl());
        part<QLineEdit>(dialog, "apiKeyEdit")->setText(QStringLiteral("sk-providers-orphan"));
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QVERIFY(dialog->isBusy());
        delete dialog.data();
        QTRY_VERIFY_WITH_TIMEOUT((storedProvider(QStringLiteral("orphan"))).secretInKeychain,
                                 10000);
        const ProviderRecord orphan = storedProvider(QStringLiteral("orphan"));
        QVERIFY(orphan.enabled);
        const QString account = SecretStore::providerAccount(m_instance, orphan.id);
        m_accounts << account;
        QCOMPARE(m_secrets.read(account).value(), QByteArray("sk-providers-orphan"));
        QVERIFY(ProviderRepository(m_db).remove(orphan.id).ok());
        QVERIFY(m_secrets.remove(account).ok());
        m_page->model()->refresh();
    }

    // Fetch models asks for whole lists (Anthropic pages 20 and Gemini 50 by default), names each
    // model once, and is not offered for Azure, whose list is not its deployments.
    void fetchModelsListsEveryModelOnce()
    {
        QPointer<ProviderDialog> dialog = new ProviderDialog(m_db, m_secrets);
        dialog->show();
        dialog->selectPreset(QStringLiteral("custom"));
        auto fetch = [&dialog](const QString &kind, const QString &baseUrl) -> QStringList {
            part<QComboBox>(dialog, "kindCombo")
                ->setCurrentIndex(part<QComboBox>(dialog, "kindCombo")->findData(kind));
            retype(part<QLineEdit>(dialog, "baseUrlEdit"), baseUrl);
            retype(part<QLineEdit>(dialog, "apiKeyEdit"), QStringLiteral("sk-providers-fetch"));
            QTest::mouseClick(part<QPushButton>(dialog, "fetchModelsButton"), Qt::LeftButton);
            if (!QTest::qWaitFor([&dialog] { return !dialog->isBusy(); }, 10000))
                return {QStringLiteral("(still busy)")};
            QStringList ids;
            for (int row = 0; row < part<QListWidget>(dialog, "modelList")->count(); ++row)
                ids << part<QListWidget>(dialog, "modelList")
                           ->item(row)
                           ->data(Qt::UserRole)
                           .toString();
            return ids;
        };
        FakeAnthropicUpstream anthropic;
        QVERIFY(anthropic.listen());
        QCOMPARE(fetch(QStringLiteral("anthropic"), anthropic.baseUrl()),
                 QStringList{QStringLiteral("claude-fake")});
        QVERIFY2(anthropic.lastRequestPath().endsWith("/v1/models?limit=1000"),
                 anthropic.lastRequestPath().constData());
        FakeGeminiUpstream gemini;
        QVERIFY(gemini.listen());
        QCOMPARE(fetch(QStringLiteral("gemini"), gemini.baseUrl()),
                 QStringList{QStringLiteral("gemini-fake")});
        QVERIFY2(gemini.lastRequestPath().endsWith("/v1beta/models?pageSize=1000"),
                 gemini.lastRequestPath().constData());

        DoubleListServer twice;
        QVERIFY(twice.listen(QHostAddress::LocalHost));
        QCOMPARE(fetch(QStringLiteral("openai"), twice.baseUrl()),
                 (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"),
                              QStringLiteral("gamma")}));
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QVERIFY2(part<QLabel>(dialog, "testResult")->text().contains(QStringLiteral("3 model")),
                 qPrintable(part<QLabel>(dialog, "testResult")->text()));

        QVERIFY(part<QPushButton>(dialog, "fetchModelsButton")->isEnabled());
        part<QComboBox>(dialog, "kindCombo")
            ->setCurrentIndex(part<QComboBox>(dialog, "kindCombo")->findData("azure"));
        QVERIFY(!part<QPushButton>(dialog, "fetchModelsButton")->isEnabled());
        QVERIFY2(part<QPushButton>(dialog, "fetchModelsButton")
                     ->toolTip()
                     .contains(QStringLiteral("deployment")),
                 qPrintable(part<QPushButton>(dialog, "fetchModelsButton")->toolTip()));
        // It stays off through a connection test.
        retype(part<QLineEdit>(dialog, "baseUrlEdit"), m_upstream.baseUrl());
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QVERIFY(!part<QPushButton>(dialog, "fetchModelsButton")->isEnabled());
        part<QComboBox>(dialog, "kindCombo")
            ->setCurrentIndex(part<QComboBox>(dialog, "kindCombo")->findData("openai"));
        QVERIFY(part<QPushButton>(dialog, "fetchModelsButton")->isEnabled());
        delete dialog.data();
    }

    void pageTestReportsAndHealthShows()
    {
        m_page->selectRow(0);
        QTest::mouseClick(m_page->testButton(), Qt::LeftButton);
        QVERIFY(!m_page->testButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(m_page->testButton()->isEnabled(), 10000);
        const QString status = m_page->statusLabel()->text();
        QVERIFY2(status.startsWith(QStringLiteral("deepseek: connected in")), qPrintable(status));

        // The status and latency columns come from the health history.
        HealthCheckRecord check;
        check.timestampMs = QDateTime::currentMSecsSinceEpoch();
        check.providerId = m_providerId;
        check.ok = true;
        check.status = 200;
        check.latencyMs = 230;
        QVERIFY(HealthRepository(m_db).record(check).ok());
        m_page->model()->refresh();
        QCOMPARE(cell(*m_page->model(), 0, ProvidersModel::Status), QStringLiteral("up"));
        QCOMPARE(cell(*m_page->model(), 0, ProvidersModel::Latency), QStringLiteral("230 ms"));

        const QString png = QDir::current().filePath(QStringLiteral("providers.png"));
        QVERIFY(m_page->grab().save(png));
        qInfo() << "rendered" << png;
    }

    void disableAndEnable()
    {
        m_page->selectRow(0);
        QCOMPARE(m_page->toggleButton()->text(), QStringLiteral("Disable"));
        QTest::mouseClick(m_page->toggleButton(), Qt::LeftButton);
        QVERIFY(!(*ProviderRepository(m_db).findByName("deepseek"))->enabled);
        QCOMPARE(cell(*m_page->model(), 0, ProvidersModel::Status), QStringLiteral("disabled"));
        QCOMPARE(cell(*m_page->model(), 0, ProvidersModel::Enabled), QStringLiteral("no"));
        QCOMPARE(m_page->toggleButton()->text(), QStringLiteral("Enable"));
        QTest::mouseClick(m_page->toggleButton(), Qt::LeftButton);
        QVERIFY((*ProviderRepository(m_db).findByName("deepseek"))->enabled);
        QTest::mouseClick(m_page->toggleButton(), Qt::LeftButton);
        QVERIFY(!(*ProviderRepository(m_db).findByName("deepseek"))->enabled);
    }

    void removeAsksThenDeletesTheSecrets()
    {
        m_page->selectRow(0);
        QTest::mouseClick(m_page->removeButton(), Qt::LeftButton);
        QPointer<QMessageBox> confirm = m_page->removeConfirmation();
        QVERIFY(confirm);
        QVERIFY(confirm->text().contains(QStringLiteral("deepseek")));
        // Cancelling keeps everything.
        QTest::mouseClick(confirm->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!confirm);
        QCOMPARE(ProviderRepository(m_db).list()->size(), 1);

        QTest::mouseClick(m_page->removeButton(), Qt::LeftButton);
        confirm = m_page->removeConfirmation();
        QVERIFY(confirm);
        QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_page->statusLabel()->text().startsWith(QStringLiteral("Removed provider deepseek")),
            10000);
        QVERIFY(ProviderRepository(m_db).list()->isEmpty());
        QVERIFY(ModelRepository(m_db).list()->isEmpty());
        QCOMPARE(m_page->model()->rowCount(), 0);
        QVERIFY(m_page->emptyState()->isVisible());
        for (const QString &account : std::as_const(m_accounts))
            QVERIFY2(!m_secrets.read(account).ok(), qPrintable(account));
    }

    // Enter in a field saves; it never cancels, not even after a probe disabled the buttons and
    // Qt moved focus to Cancel; while busy it does nothing. Focus comes back to the clicked button.
    void enterSavesAndNeverCancels()
    {
        QPointer<ProviderDialog> dialog = m_page->openAddDialog();
        QVERIFY(QTest::qWaitForWindowActive(dialog.data()));
        dialog->selectPreset(QStringLiteral("custom"));
        QTest::keyClicks(part<QLineEdit>(dialog, "nameEdit"), QStringLiteral("enter"));
        QTest::keyClicks(part<QLineEdit>(dialog, "baseUrlEdit"), m_upstream.baseUrl());
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"),
                         QStringLiteral("sk-providers-enter"));
        QPushButton *save = dialogButton(dialog, QDialogButtonBox::Save);
        QPushButton *cancel = dialogButton(dialog, QDialogButtonBox::Cancel);
        QVERIFY(save->isDefault());
        QVERIFY(!cancel->isDefault());
        // The primary button is drawn as such, also when it is disabled while busy.
        QVERIFY2(near(buttonFill(save), QColor(QLatin1String(Theme::kAccent))),
                 qPrintable(buttonFill(save).name()));

        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QVERIFY(dialog->isBusy());
        QVERIFY(!save->isEnabled());
        QVERIFY2(near(buttonFill(save), save->palette().color(QPalette::Mid)),
                 qPrintable(buttonFill(save).name()));
        QVERIFY(!cancel->isDefault());
        QTest::keyClick(part<QLineEdit>(dialog, "apiKeyEdit"), Qt::Key_Return);
        QVERIFY2(dialog && dialog->isVisible(), "Enter during the test closed the dialog");
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QCOMPARE(dialog->focusWidget(), part<QPushButton>(dialog, "testButton"));
        QVERIFY(save->isDefault());
        QVERIFY(!cancel->isDefault());
        QVERIFY(ProviderRepository(m_db).list()->isEmpty());

        // Enter in the extra key field adds the key, it does not save.
        QTest::mouseClick(part<QToolButton>(dialog, "advancedButton"), Qt::LeftButton);
        QTest::keyClicks(part<QLineEdit>(dialog, "newExtraKeyEdit"),
                         QStringLiteral("sk-providers-enter-2"));
        QTest::keyClick(part<QLineEdit>(dialog, "newExtraKeyEdit"), Qt::Key_Return);
        QCOMPARE(part<QListWidget>(dialog, "extraKeyList")->count(), 1);
        QVERIFY(dialog->isVisible() && !dialog->isBusy());
        delete part<QListWidget>(dialog, "extraKeyList")->takeItem(0);

        QSignalSpy saved(dialog.data(), &ProviderDialog::saved);
        QTest::keyClick(part<QLineEdit>(dialog, "apiKeyEdit"), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
        QTRY_VERIFY(!dialog);
        forgetProvider(QStringLiteral("enter"));
    }

    // A successful test lists the provider's models at once; ticks survive another test and a
    // fetch, and the list says what ticking does.
    void testListsTheModelsKeepingTicks()
    {
        QPointer<ProviderDialog> dialog = new ProviderDialog(m_db, m_secrets);
        dialog->show();
        dialog->selectPreset(QStringLiteral("custom"));
        retype(part<QLineEdit>(dialog, "baseUrlEdit"), m_upstream.baseUrl());
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"),
                         QStringLiteral("sk-providers-good"));
        QVERIFY(!part<QListWidget>(dialog, "modelList")->isVisible());
        QVERIFY(!part<QLabel>(dialog, "hintLabel")->isVisible());
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QCOMPARE(part<QListWidget>(dialog, "modelList")->count(), 1);
        QVERIFY(part<QListWidget>(dialog, "modelList")->isVisible());
        QVERIFY(part<QLabel>(dialog, "hintLabel")->isVisible());
        QVERIFY2(
            part<QLabel>(dialog, "hintLabel")->text().startsWith(QStringLiteral("Tick the models")),
            qPrintable(part<QLabel>(dialog, "hintLabel")->text()));
        part<QListWidget>(dialog, "modelList")->item(0)->setCheckState(Qt::Checked);
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QCOMPARE(part<QListWidget>(dialog, "modelList")->count(), 1);
        QCOMPARE(part<QListWidget>(dialog, "modelList")->item(0)->checkState(), Qt::Checked);
        QTest::mouseClick(part<QPushButton>(dialog, "fetchModelsButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QCOMPARE(part<QListWidget>(dialog, "modelList")->count(), 1);
        QCOMPARE(part<QListWidget>(dialog, "modelList")->item(0)->checkState(), Qt::Checked);
        // A failed test leaves the list and its ticks alone.
        retype(part<QLineEdit>(dialog, "apiKeyEdit"), QStringLiteral("sk-providers-wrong"));
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
        QCOMPARE(part<QListWidget>(dialog, "modelList")->item(0)->checkState(), Qt::Checked);
        delete dialog.data();
    }

    // After adding a provider with models the page points to the Connect page.
    void addedProviderPointsToTheNextStep()
    {
        QPointer<ProviderDialog> dialog = m_page->openAddDialog();
        dialog->selectPreset(QStringLiteral("custom"));
        QTest::keyClicks(part<QLineEdit>(dialog, "nameEdit"), QStringLiteral("next"));
        QTest::keyClicks(part<QLineEdit>(dialog, "baseUrlEdit"), m_upstream.baseUrl());
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"),
                         QStringLiteral("sk-providers-next"));
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            !dialog->isBusy() && part<QListWidget>(dialog, "modelList")->count() == 1, 10000);
        part<QListWidget>(dialog, "modelList")->item(0)->setCheckState(Qt::Checked);
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 10000);
        // (Plural forms come from the English translation, not loaded here.)
        const QString status = m_page->statusLabel()->text();
        QVERIFY2(status.startsWith(QStringLiteral("Added next with 1 model")), qPrintable(status));
        QVERIFY2(status.endsWith(QStringLiteral("Next: connect a client on the Connect page.")),
                 qPrintable(status));
        QVERIFY(m_page->nextStepButton()->isVisible());
        QCOMPARE(m_page->nextStepButton()->text(), QStringLiteral("Connect a client"));
        QSignalSpy requested(m_page.get(), &ProvidersPage::pageRequested);
        QTest::mouseClick(m_page->nextStepButton(), Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().first().toString(), QStringLiteral("connect"));
        forgetProvider(QStringLiteral("next"));
    }

    // A new provider saved with nothing ticked is kept, and the page says how to add models.
    void newProviderWithoutModelsSaysHowToAddThem()
    {
        QPointer<ProviderDialog> dialog = m_page->openAddDialog();
        dialog->selectPreset(QStringLiteral("custom"));
        QTest::keyClicks(part<QLineEdit>(dialog, "nameEdit"), QStringLiteral("unticked"));
        QTest::keyClicks(part<QLineEdit>(dialog, "baseUrlEdit"), m_upstream.baseUrl());
        QTest::keyClicks(part<QLineEdit>(dialog, "apiKeyEdit"),
                         QStringLiteral("sk-providers-unticked"));
        QTest::mouseClick(part<QPushButton>(dialog, "testButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            !dialog->isBusy() && part<QListWidget>(dialog, "modelList")->count() == 1, 10000);
        QTest::mouseClick(dialogButton(dialog, QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, 10000);
        QVERIFY(ProviderRepository(m_db).findByName(QStringLiteral("unticked"))->has_value());
        const QString status = m_page->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("no models were added")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("Models page")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("edit the provider")), qPrintable(status));
        QCOMPARE(m_page->nextStepButton()->text(), QStringLiteral("Open the Models page"));
        QSignalSpy requested(m_page.get(), &ProvidersPage::pageRequested);
        QTest::mouseClick(m_page->nextStepButton(), Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().first().toString(), QStringLiteral("models"));
        const QString png = QDir::current().filePath(QStringLiteral("providers-next-step.png"));
        QVERIFY(m_page->grab().save(png));
        forgetProvider(QStringLiteral("unticked"));
    }

private:
    // The stored provider of that name. When an earlier step failed to store it, the test fails
    // here with a message and goes on with an empty record, instead of crashing.
    ProviderRecord storedProvider(const QString &name)
    {
        const auto found = ProviderRepository(m_db).findByName(name);
        if (!found || !found->has_value()) {
            QTest::qFail(qPrintable(QStringLiteral("No provider '%1' is stored.").arg(name)),
                         __FILE__, __LINE__);
            return {};
        }
        return **found;
    }

    // Removes a provider a test added, with its keychain entry.
    void forgetProvider(const QString &name)
    {
        const auto found = ProviderRepository(m_db).findByName(name);
        QVERIFY(found && found->has_value());
        const QString account = SecretStore::providerAccount(m_instance, (*found)->id);
        m_accounts << account;
        QVERIFY(ProviderRepository(m_db).remove((*found)->id).ok());
        QVERIFY(m_secrets.remove(account).ok());
        m_page->model()->refresh();
    }

    FakeOpenAiUpstream m_upstream;
    QTemporaryDir m_dir;
    Database m_db{m_dir.filePath(QStringLiteral("llmux.sqlite"))};
    // A keychain the tests can make hang (tests/core/tst_secretstore covers the real one).
    std::shared_ptr<test::MemorySecretBackend> m_keychain =
        std::make_shared<test::MemorySecretBackend>();
    SecretStore m_secrets{m_keychain};
    QString m_instance;
    std::unique_ptr<Gateway> m_gateway;
    std::unique_ptr<ProvidersPage> m_page;
    qint64 m_providerId = 0;
    QStringList m_accounts;
};

QTEST_MAIN(TestProvidersPage)
#include "tst_providerspage.moc"
