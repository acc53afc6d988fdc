// Joining asynchronous answers: a step runs once, after the last job started before it answered.
#include "core/common/JobBarrier.h"
#include "core/common/Result.h"

#include <QTest>

using namespace llmux;

class TestJobBarrier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stepRunsAtOnceWithNothingOutstanding()
    {
        JobBarrier jobs;
        int ran = 0;
        jobs.then([&] { ++ran; });
        QCOMPARE(ran, 1);
    }

    void stepWaitsForTheLastAnswerInAnyOrder()
    {
        JobBarrier jobs;
        QStringList answers;
        auto first = jobs.track<Status>([&](const Status &) { answers << QStringLiteral("a"); });
        auto second = jobs.track<Status>(
            [&](const Status &s) { answers << (s ? QStringLiteral("b") : s.error()); });
        int ran = 0;
        jobs.then([&] {
            ++ran;
            answers << QStringLiteral("step");
        });
        QCOMPARE(jobs.outstanding(), 2);
        second(Status::failure(QStringLiteral("locked")));
        QCOMPARE(ran, 0);
        first(Status::success());
        QCOMPARE(ran, 1);
        QCOMPARE(answers, (QStringList{QStringLiteral("locked"), QStringLiteral("a"),
                                       QStringLiteral("step")}));
    }

    // Answers that come before the step is set (a backend that answers at once) still count.
    void answersBeforeTheStepCount()
    {
        JobBarrier jobs;
        jobs.started();
        jobs.done();
        auto late = jobs.track<Status>({});
        int ran = 0;
        jobs.then([&] { ++ran; });
        QCOMPARE(ran, 0);
        late(Status::success());
        QCOMPARE(ran, 1);
        // A chain: the next step waits for the jobs started by the one before.
        auto next = jobs.track<Status>({});
        jobs.then([&] { ++ran; });
        next(Status::success());
        QCOMPARE(ran, 2);
    }
};

QTEST_GUILESS_MAIN(TestJobBarrier)
#include "tst_jobbarrier.moc"
