// The Responses API's stored responses: kept per gateway key, found right after they are put
// (before the disk has them) and after a restart (from the disk), removed, and bounded by age and
// total size.
#include "core/store/Database.h"
#include "core/store/ResponseStore.h"
#include "tests/support/TestClock.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;

namespace {

ResponseStore::Entry entry(const QString &id, qint64 keyId, qint64 createdMs, qsizetype size = 100,
                           const QString &previous = {})
{
    ResponseStore::Entry e;
    e.id = id;
    e.keyId = keyId;
    e.previousId = previous;
    e.createdMs = createdMs;
    e.input = "[{\"role\":\"user\",\"content\":\"hi\"}]";
    e.response =
        "{\"id\":\"" + id.toUtf8() + "\",\"output\":[],\"pad\":\"" + QByteArray(size, 'x') + "\"}";
    return e;
}

} // namespace

class TestResponseStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    test::TestClock m_clock;

private Q_SLOTS:
    void keptPerKeyAndAcrossRestarts()
    {
        Database db(m_dir.filePath(QStringLiteral("a.db")));
        QVERIFY(db.open().ok());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        {
            ResponseStore store(db, m_clock);
            store.start();
            store.put(entry(QStringLiteral("resp_1"), 7, now));
            store.put(entry(QStringLiteral("resp_2"), 7, now, 100, QStringLiteral("resp_1")));
            // Found at once, by its key only.
            QVERIFY(store.find(QStringLiteral("resp_1"), 7));
            QVERIFY(!store.find(QStringLiteral("resp_1"), 8));
            QVERIFY(!store.find(QStringLiteral("resp_1"), 0));
            QVERIFY(store.remove(QStringLiteral("resp_1"), 7));
            QVERIFY(!store.remove(QStringLiteral("resp_1"), 7));
            QVERIFY(!store.find(QStringLiteral("resp_1"), 7));
            QVERIFY(!store.remove(QStringLiteral("resp_2"), 8)); // not that key's
            store.stop();
            db.releaseThreadConnection();
        }
        ResponseStore restarted(db, m_clock);
        restarted.start();
        const auto second = restarted.find(QStringLiteral("resp_2"), 7);
        QVERIFY(second);
        QCOMPARE(second->previousId, QStringLiteral("resp_1"));
        QVERIFY(second->response.contains("\"resp_2\""));
        QVERIFY(!restarted.find(QStringLiteral("resp_1"), 7)); // the removal reached the disk
        restarted.stop();
        db.releaseThreadConnection();
    }

    void boundedByAgeAndSize()
    {
        Database db(m_dir.filePath(QStringLiteral("b.db")));
        QVERIFY(db.open().ok());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 day = 86400000;
        ResponseStore store(db, m_clock);
        store.setLimits(30, 5000);
        store.start();
        store.put(entry(QStringLiteral("old"), 1, now - 31 * day));
        QVERIFY(!store.find(QStringLiteral("old"), 1)); // past its retention
        // Three of about 2 KB under a 5 KB limit: the oldest goes.
        store.put(entry(QStringLiteral("a"), 1, now - 3, 2000));
        store.put(entry(QStringLiteral("b"), 1, now - 2, 2000));
        store.flush();
        m_clock.advance(61 * 1000); // the next write prunes
        store.put(entry(QStringLiteral("c"), 1, now - 1, 2000));
        store.flush();
        QVERIFY(!store.find(QStringLiteral("a"), 1));
        QVERIFY(store.find(QStringLiteral("b"), 1));
        QVERIFY(store.find(QStringLiteral("c"), 1));
        store.stop();
        ResponseStore reopened(db, m_clock);
        QVERIFY(!reopened.find(QStringLiteral("old"), 1));
        QVERIFY(!reopened.find(QStringLiteral("a"), 1));
        QVERIFY(reopened.find(QStringLiteral("c"), 1));
        db.releaseThreadConnection();
    }
};

QTEST_GUILESS_MAIN(TestResponseStore)
#include "tst_responsestore.moc"
