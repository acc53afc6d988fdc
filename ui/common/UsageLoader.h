#pragma once

#include <QObject>

#include <functional>
#include <memory>

class QThread;

namespace llmux {

class Database;

// Runs usage queries on a worker thread, one at a time, for a page. A job runs on the worker and
// returns what to do with its result on the GUI thread. When a newer job arrives while one runs,
// the running one's result is dropped as stale and the newest job runs next (jobs in between are
// skipped). Never queries on the GUI thread; its destructor waits for a running job to finish.
class UsageLoader : public QObject
{
    Q_OBJECT
public:
    using Apply = std::function<void()>;
    using Job = std::function<Apply(const Database &db)>;

    explicit UsageLoader(const Database &db, QObject *parent = nullptr);
    ~UsageLoader() override;

    void run(Job job);
    bool isBusy() const { return m_thread != nullptr; }

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    void startNext();
    void finished();

    const Database &m_db;
    QThread *m_thread = nullptr;
    std::shared_ptr<Apply> m_result;
    Job m_pending;
};

} // namespace llmux
