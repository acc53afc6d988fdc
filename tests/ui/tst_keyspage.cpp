// The keys page over a real gateway: a key created through the page is accepted by the gateway
// (and only its hash is stored), disabling and revoking take effect, the expiry is saved, and
// per-key usage comes from the request log. Renders the page to PNG in the working folder
// (keys.png).
#include "core/gateway/Authenticator.h"
#include "core/gateway/Gateway.h"
#include "core/keys/GatewayKeyCodec.h"
#include "core/store/Database.h"
#include "core/store/GatewayKeyRepository.h"
#include "core/store/ProjectRepository.h"
#include "core/store/RequestLogRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "ui/keys/KeyCreateDialog.h"
#include "ui/keys/KeysModel.h"
#include "ui/keys/KeysPage.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;

namespace {

// Whether the running gateway lets a client in with this key, as it checks every request.
bool accepts(const Gateway &gateway, const QString &key)
{
    const GatewayConfigPtr config = gateway.currentConfig();
    if (!config)
        return false;
    InboundRequest request;
    request.method = "GET";
    request.path = QStringLiteral("/v1/models");
    request.headers = {{"authorization", "Bearer " + key.toLatin1()}};
    return Authenticator::authenticate(*config, request, QDateTime::currentDateTimeUtc()).key !=
           nullptr;
}

QString cell(const KeysModel &model, const QString &name, int column)
{
    const int row = model.rowOfName(name);
    return row < 0 ? QString() : model.index(row, column).data().toString();
}

KeysModel::KeyStatus statusOf(const KeysModel &model, const QString &name)
{
    return KeysModel::KeyStatus(
        model.index(model.rowOfName(name), 0).data(KeysModel::KeyStatusRole).toInt());
}

// Creates a key through the page's dialog; returns the key it showed.
QString createThroughDialog(KeysPage *page, const QString &name,
                            KeyCreateDialog::Expiry expiry = KeyCreateDialog::Expiry::Never,
                            QDate date = {})
{
    QTest::mouseClick(page->createButton(), Qt::LeftButton);
    KeyCreateDialog *dialog = page->createDialog();
    if (!dialog || !dialog->isVisible())
        return QString();
    QTest::keyClicks(dialog->nameEdit(), name);
    dialog->setExpiry(expiry);
    if (date.isValid())
        dialog->dateEdit()->setDate(date);
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    return dialog->keyEdit()->text();
}

} // namespace

class TestKeysPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A problem makes the dialog taller instead of squeezing its fields, and goes away once the
    // input it was about is changed.
    void dialogProblemsMakeRoomAndGoWhenFixed()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        KeyCreateDialog dialog(db);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.resize(dialog.width(), dialog.minimumSizeHint().height()); // as small as it goes
        QCoreApplication::processEvents();
        QTest::mouseClick(dialog.createButton(), Qt::LeftButton); // no name
        QVERIFY(dialog.problemLabel()->isVisible());
        QVERIFY(!dialog.problemLabel()->text().isEmpty());
        QCoreApplication::processEvents();
        for (QWidget *field : {static_cast<QWidget *>(dialog.nameEdit()),
                               static_cast<QWidget *>(dialog.expiryCombo())})
            QVERIFY2(field->height() >= field->sizeHint().height(),
                     qPrintable(QStringLiteral("%1 is %2 px high, needs %3")
                                    .arg(field->objectName())
                                    .arg(field->height())
                                    .arg(field->sizeHint().height())));
        QVERIFY(dialog.problemLabel()->height() >=
                dialog.problemLabel()->heightForWidth(dialog.problemLabel()->width()));
        QTest::keyClicks(dialog.nameEdit(), QStringLiteral("x"));
        QVERIFY(!dialog.problemLabel()->isVisible());
    }

    // A key made in a project, limited to some models and to reading: stored so, and shown in
    // the table's May use column; a malformed pattern is refused in words.
    void projectAndPermissionsFromTheDialog()
    {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("llmux.sqlite")));
        QVERIFY(db.open().ok());
        QVERIFY(ProjectRepository(db).add(QStringLiteral("team-a")));
        KeyCreateDialog dialog(db);
        QCOMPARE(dialog.projectCombo()->count(), 2); // no project, team-a
        QCOMPARE(dialog.scopeCombo()->count(), 3);
        dialog.nameEdit()->setText(QStringLiteral("dashboards"));
        dialog.projectCombo()->setCurrentIndex(
            dialog.projectCombo()->findText(QStringLiteral("team-a")));
        dialog.modelsEdit()->setText(QString(300, QLatin1Char('m')));
        QTest::mouseClick(dialog.createButton(), Qt::LeftButton);
        QVERIFY(dialog.problemLabel()->text().contains(QStringLiteral("1 to 256")));
        QVERIFY(GatewayKeyRepository(db).list()->isEmpty());
        dialog.modelsEdit()->setText(QStringLiteral("deepseek-*, qwen-max"));
        dialog.scopeCombo()->setCurrentIndex(dialog.scopeCombo()->findData(QStringLiteral("read")));
        QTest::mouseClick(dialog.createButton(), Qt::LeftButton);
        const auto keys = GatewayKeyRepository(db).list();
        QVERIFY(keys && keys->size() == 1);
        QCOMPARE(keys->first().projectName, QStringLiteral("team-a"));
        QCOMPARE(keys->first().allowedModels,
                 QStringList({QStringLiteral("deepseek-*"), QStringLiteral("qwen-max")}));
        QCOMPARE(keys->first().scope, QStringLiteral("read"));
        KeysModel model;
        model.setKeys(keys.value());
        QCOMPARE(cell(model, QStringLiteral("dashboards"), KeysModel::Access),
                 QStringLiteral("team-a · deepseek-* qwen-max · read only"));
        // Its limits and budgets: its own and its project's, not another key's or everything's.
        QCOMPARE(cell(model, QStringLiteral("dashboards"), KeysModel::Limits),
                 QStringLiteral("none"));
        RateLimit own;
        own.scope = RateLimit::Scope::Key;
        own.subject = QStringLiteral("dashboards");
        own.amount = 5;
        own.windowMs = 60000;
        RateLimit others = own;
        others.subject = QStringLiteral("someone-else");
        RateLimit everything = own;
        everything.scope = RateLimit::Scope::Global;
        Budget team;
        team.scope = Budget::Scope::Project;
        team.subject = QStringLiteral("team-a");
        team.amount = 20;
        team.period = Budget::Period::Month;
        team.hard = true;
        model.setGovernance({own, others, everything}, {team});
        QCOMPARE(cell(model, QStringLiteral("dashboards"), KeysModel::Limits),
                 QStringLiteral("5 requests per minute · $20.00 per month, hard"));
        GatewayKeyRecord plain;
        plain.name = QStringLiteral("plain");
        model.setKeys({plain});
        QCOMPARE(cell(model, QStringLiteral("plain"), KeysModel::Access),
                 QStringLiteral("everything"));
    }

    void createDisableRevokeAndUsage()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("llmux.sqlite"));
        Database db(path);
        QVERIFY(db.open().ok());
        QVERIFY(SettingsRepository(db).setValue(QStringLiteral("health.interval_ms"),
                                                QStringLiteral("0")));
        SecretStore secrets(QStringLiteral("LLMux-tests"));
        Gateway gateway(db, secrets);
        KeysPage page(&gateway, db);
        page.resize(1100, 640);
        page.show();
        QCOMPARE(page.windowTitle(), QStringLiteral("Keys"));
        auto *empty = page.findChild<QLabel *>(QStringLiteral("emptyState"));
        QVERIFY(empty && empty->isVisible());
        QVERIFY(!page.keysView()->isVisible());
        QVERIFY(!page.toggleButton()->isEnabled());
        QVERIFY(!page.revokeButton()->isEnabled());

        QSignalSpy ready(&gateway, &Gateway::ready);
        GatewayOptions options;
        options.port = 0;
        options.workerThreads = 2;
        QVERIFY(gateway.start(options).ok());
        QVERIFY(gateway.isReady() || ready.wait(10000));

        // Create: the key is shown once, and only its hash is stored.
        const QString key = createThroughDialog(&page, QStringLiteral("Cherry Studio"));
        QVERIFY2(key.startsWith(GatewayKeyCodec::kPrefix), qPrintable(key));
        KeyCreateDialog *dialog = page.createDialog();
        QVERIFY(dialog->keyEdit()->isVisible());
        QVERIFY(dialog->keyEdit()->isReadOnly());
        QVERIFY(!dialog->createButton()->isVisible());
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(dialog->copyButton(), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), key);
        auto keys = GatewayKeyRepository(db).list();
        QVERIFY(keys);
        QCOMPARE(keys->size(), 1);
        QCOMPARE(keys->first().name, QStringLiteral("Cherry Studio"));
        QCOMPARE(keys->first().keyHash, GatewayKeyCodec::hash(key.toLatin1()));
        QVERIFY(!keys->first().expiresAt.isValid());
        QTest::mouseClick(dialog->closeButton(), Qt::LeftButton);
        QTRY_VERIFY(!page.createDialog());
        QTRY_VERIFY_WITH_TIMEOUT(accepts(gateway, key), 10000);

        QVERIFY(page.keysView()->isVisible());
        QVERIFY(!empty->isVisible());
        const KeysModel &model = *page.keysModel();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, QStringLiteral("Cherry Studio"), KeysModel::Prefix),
                 GatewayKeyCodec::displayPrefix(key));
        QCOMPARE(cell(model, QStringLiteral("Cherry Studio"), KeysModel::Expires),
                 QStringLiteral("never"));
        QCOMPARE(cell(model, QStringLiteral("Cherry Studio"), KeysModel::Status),
                 QStringLiteral("active"));

        // A taken name or no name at all is refused in words, and nothing is added.
        QVERIFY(createThroughDialog(&page, QStringLiteral("Cherry Studio")).isEmpty());
        dialog = page.createDialog();
        QVERIFY(dialog->problemLabel()->isVisible());
        QVERIFY(dialog->problemLabel()->text().contains(QLatin1String("already exists")));
        dialog->nameEdit()->clear();
        QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
        QVERIFY(dialog->problemLabel()->text().contains(QLatin1String("needs a name")));
        QCOMPARE(GatewayKeyRepository(db).list()->size(), 1);
        dialog->reject();
        QTRY_VERIFY(!page.createDialog());

        // Expiry: 30 days, and an explicit date (through the end of that day).
        const QDateTime before = QDateTime::currentDateTimeUtc();
        QVERIFY(
            !createThroughDialog(&page, QStringLiteral("Month"), KeyCreateDialog::Expiry::Days30)
                 .isEmpty());
        page.createDialog()->accept();
        const QDate date = QDate::currentDate().addDays(10);
        QVERIFY(!createThroughDialog(&page, QStringLiteral("Dated"),
                                     KeyCreateDialog::Expiry::OnDate, date)
                     .isEmpty());
        page.createDialog()->accept();
        QTRY_VERIFY(!page.createDialog());
        keys = GatewayKeyRepository(db).list();
        QCOMPARE(keys->size(), 3);
        for (const GatewayKeyRecord &k : keys.value()) {
            if (k.name == QLatin1String("Month")) {
                QVERIFY(k.expiresAt >= before.addDays(30));
                QVERIFY(k.expiresAt <= QDateTime::currentDateTimeUtc().addDays(30));
            } else if (k.name == QLatin1String("Dated")) {
                QCOMPARE(k.expiresAt.toLocalTime().date(), date);
                QCOMPARE(k.expiresAt.toLocalTime().time(), QTime(23, 59, 59));
            }
        }
        QVERIFY(cell(model, QStringLiteral("Month"), KeysModel::Expires) !=
                QStringLiteral("never"));

        // No plaintext key anywhere in the database file.
        db.connection().exec(QStringLiteral("PRAGMA wal_checkpoint(FULL)"));
        for (const QString &file : QDir(dir.path()).entryList(QDir::Files)) {
            QFile f(dir.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(key.toLatin1()), qPrintable(file));
        }

        // Disable: the gateway turns the key away; enable: it works again.
        page.selectKey(QStringLiteral("Cherry Studio"));
        QVERIFY(page.toggleButton()->isEnabled());
        QCOMPARE(page.toggleButton()->text(), QStringLiteral("Disable"));
        QTest::mouseClick(page.toggleButton(), Qt::LeftButton);
        QCOMPARE(statusOf(model, QStringLiteral("Cherry Studio")), KeysModel::KeyStatus::Disabled);
        QCOMPARE(page.toggleButton()->text(), QStringLiteral("Enable"));
        QTRY_VERIFY_WITH_TIMEOUT(!accepts(gateway, key), 10000);
        QTest::mouseClick(page.toggleButton(), Qt::LeftButton);
        QCOMPARE(statusOf(model, QStringLiteral("Cherry Studio")), KeysModel::KeyStatus::Active);
        QTRY_VERIFY_WITH_TIMEOUT(accepts(gateway, key), 10000);

        // Per-key usage from the request log.
        qint64 cherryId = 0;
        for (const GatewayKeyRecord &k : keys.value())
            if (k.name == QLatin1String("Cherry Studio"))
                cherryId = k.id;
        QList<RequestLogEntry> entries;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 3; ++i) {
            RequestLogEntry e;
            e.timestampMs = now - 1000 * (i + 1);
            e.keyId = cherryId;
            e.keyName = QStringLiteral("Cherry Studio");
            e.endpoint = QStringLiteral("/v1/chat/completions");
            e.modelRequested = QStringLiteral("quick");
            e.status = 200;
            e.promptTokens = 100;
            e.completionTokens = 50;
            e.cost = 0.25;
            entries << e;
        }
        QVERIFY(RequestLogRepository(db).insertBatch(entries).ok());
        page.reload();
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, QStringLiteral("Cherry Studio"), KeysModel::Requests),
                                  QStringLiteral("3"), 10000);
        QCOMPARE(cell(model, QStringLiteral("Cherry Studio"), KeysModel::Tokens),
                 QLocale().toString(450));
        QCOMPARE(cell(model, QStringLiteral("Cherry Studio"), KeysModel::Cost),
                 QStringLiteral("$0.75"));
        QCOMPARE(cell(model, QStringLiteral("Month"), KeysModel::Requests), QStringLiteral("0"));

        page.selectKey(QStringLiteral("Cherry Studio"));
        const QString png = QDir::current().filePath(QStringLiteral("keys.png"));
        QVERIFY(page.grab().save(png));
        qInfo() << "rendered" << png;

        // Revoke asks first; Cancel leaves the key alone.
        QTest::mouseClick(page.revokeButton(), Qt::LeftButton);
        QTRY_VERIFY(page.revokeQuestion() && page.revokeQuestion()->isVisible());
        QTest::mouseClick(page.revokeQuestion()->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!page.revokeQuestion());
        QCOMPARE(model.rowCount(), 3);
        QTest::mouseClick(page.revokeButton(), Qt::LeftButton);
        QTRY_VERIFY(page.revokeQuestion() && page.revokeQuestion()->isVisible());
        QTest::mouseClick(page.revokeQuestion()->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY(!page.revokeQuestion());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOfName(QStringLiteral("Cherry Studio")), -1);
        keys = GatewayKeyRepository(db).list();
        for (const GatewayKeyRecord &k : keys.value())
            if (k.name == QLatin1String("Cherry Studio"))
                QVERIFY(k.isRevoked());
        QTRY_VERIFY_WITH_TIMEOUT(!accepts(gateway, key), 10000);
        // Revoked keys are listed on request, and cannot be changed any more.
        page.showRevokedCheck()->setChecked(true);
        QCOMPARE(model.rowCount(), 3);
        page.selectKey(QStringLiteral("Cherry Studio"));
        QCOMPARE(statusOf(model, QStringLiteral("Cherry Studio")), KeysModel::KeyStatus::Revoked);
        QVERIFY(!page.toggleButton()->isEnabled());
        QVERIFY(!page.revokeButton()->isEnabled());
        gateway.stop();
    }
};

QTEST_MAIN(TestKeysPage)
#include "tst_keyspage.moc"
