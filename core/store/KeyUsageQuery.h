#pragma once

#include "core/common/Result.h"

#include <QList>
#include <QString>

namespace llmux {

class Database;

// One key's (or one project's, or everyone's) use of the gateway over a time range, by day or by
// model: what GET /v1/usage answers. Reads the request log; run it off the request path
// (store/DatabaseWorker).
class KeyUsageQuery
{
public:
    enum class Subject { Key, Project, Everyone };
    enum class GroupBy { Day, Model };

    struct Row
    {
        QString group; // "2026-12-07" (UTC) or a model name
        qint64 requests = 0;
        qint64 errors = 0;
        qint64 promptTokens = 0;
        qint64 completionTokens = 0;
        double cost = 0;
        qint64 unpricedTokens = 0; // tokens of requests on models without a price
    };

    // Rows ordered by day or by requests (biggest first); [fromMs, toMs).
    // keyId: for Subject::Key, the key by id rather than by name (names are reused once a key
    // is revoked).
    static Result<QList<Row>> rows(const Database &db, Subject subject, const QString &name,
                                   qint64 fromMs, qint64 toMs, GroupBy groupBy, qint64 keyId = 0);

    // A billing line: one key's use in [fromMs, toMs), with its project (empty: none). Requests
    // without a key are left out. Ordered by project, then key.
    struct BillingRow
    {
        QString project;
        Row key; // group: the key's name
    };
    static Result<QList<BillingRow>> billing(const Database &db, const QString &project,
                                             qint64 fromMs, qint64 toMs);
};

} // namespace llmux
