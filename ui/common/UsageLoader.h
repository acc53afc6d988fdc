#pragma once

#include "core/store/DatabaseWorker.h"

#include <QObject>

#include <functional>

namespace llmux {

class Database;

// A page's questions to the database, newest only: a job runs on a DatabaseWorker and returns
// what to do with its result on the GUI thread. A newer job cancels the one running (its query is
// interrupted, its result dropped) and any still waiting. Never queries on the GUI thread.
class UsageLoader : public QObject
{
    Q_OBJECT
public:
    using Apply = std::function<void()>;
    using Job = std::function<Apply(const Database &db)>;

    explicit UsageLoader(const Database &db, QObject *parent = nullptr);

    void run(Job job);
    bool isBusy() const { return m_worker.isBusy(); }

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    DatabaseWorker m_worker;
};

} // namespace llmux
