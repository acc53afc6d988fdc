#include "core/store/Database.h"
#include "core/store/DatabaseWorker.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace llmux;

class TestDatabaseWorker : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

private Q_SLOTS:
    void init()
    {
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("worker.sqlite")));
        QVERIFY(m_db->open().ok());
    }
    void cleanup() { m_db.reset(); }

    void jobsRunOnTheWorkerAndResultsArriveHereInOrder()
    {
        DatabaseWorker worker(*m_db);
        QSignalSpy busy(&worker, &DatabaseWorker::busyChanged);
        QObject receiver;
        QList<int> delivered;
        QThread *ranOn = nullptr;
        for (int i = 0; i < 3; ++i)
            worker.run(
                [i, &ranOn](const Database &db) {
                    ranOn = QThread::currentThread();
                    QSqlQuery q(db.connection());
                    return q.exec(QStringLiteral("SELECT %1").arg(i)) && q.next()
                               ? q.value(0).toInt()
                               : -1;
                },
                &receiver,
                [&delivered](int value) {
                    QCOMPARE(QThread::currentThread(), qApp->thread());
                    delivered << value;
                });
        QVERIFY(worker.isBusy());
        QCOMPARE(DatabaseWorker::busyWorkers(), 1);
        QTRY_VERIFY(!worker.isBusy());
        QCOMPARE(delivered, (QList<int>{0, 1, 2}));
        QVERIFY(ranOn && ranOn != QThread::currentThread());
        QCOMPARE(busy.count(), 2); // busy once, idle once
        QCOMPARE(DatabaseWorker::busyWorkers(), 0);
    }

    void aReceiverThatIsGoneGetsNothing()
    {
        DatabaseWorker worker(*m_db);
        std::atomic<bool> release{false};
        bool delivered = false;
        auto receiver = std::make_unique<QObject>();
        worker.run(
            [&release](const Database &) {
                while (!release)
                    QThread::yieldCurrentThread();
                return 1;
            },
            receiver.get(), [&delivered](int) { delivered = true; });
        receiver.reset();
        release = true;
        QTRY_VERIFY(!worker.isBusy());
        QVERIFY(!delivered);
    }

    void cancelInterruptsTheRunningQueryAndDropsTheRest()
    {
        DatabaseWorker worker(*m_db);
        QObject receiver;
        std::atomic<bool> started{false};
        std::atomic<bool> finished{false};
        QString endless;
        int delivered = 0;
        // Counts without end: only sqlite3_interrupt() can stop it.
        worker.run(
            [&](const Database &db) {
                QSqlQuery q(db.connection());
                started = true;
                const bool ok = q.exec(QStringLiteral(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                    "SELECT count(*) FROM c"));
                endless = ok ? QStringLiteral("ended on its own") : q.lastError().text();
                finished = true;
                return 0;
            },
            &receiver, [&delivered](int) { ++delivered; });
        worker.run([](const Database &) { return 0; }, &receiver,
                   [&delivered](int) { ++delivered; });
        // A job cancelled before it starts never runs; one whose statement has not quite begun
        // is not interrupted, so cancel until the running one stops.
        QTRY_VERIFY(started.load());
        QTRY_VERIFY_WITH_TIMEOUT((worker.cancel(), finished.load()), 20000);
        QTRY_VERIFY(!worker.isBusy());
        QVERIFY2(endless.contains(QLatin1String("interrupt")), qPrintable(endless));
        QCOMPARE(delivered, 0);
        // The worker goes on with new jobs.
        worker.run([](const Database &) { return 7; }, &receiver,
                   [&delivered](int v) { delivered = v; });
        QTRY_COMPARE(delivered, 7);
    }

    void destroyingTheWorkerInterruptsAndJoins()
    {
        std::atomic<bool> started{false};
        QString outcome;
        {
            DatabaseWorker worker(*m_db);
            worker.run([&](const Database &db) {
                QSqlQuery q(db.connection());
                started = true;
                outcome = q.exec(QStringLiteral(
                              "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                              "SELECT count(*) FROM c"))
                              ? QStringLiteral("ended on its own")
                              : q.lastError().text();
            });
            QTRY_VERIFY(started.load());
        }
        QVERIFY2(outcome.contains(QLatin1String("interrupt")), qPrintable(outcome));
        QCOMPARE(DatabaseWorker::busyWorkers(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDatabaseWorker)
#include "tst_databaseworker.moc"
