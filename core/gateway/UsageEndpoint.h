#pragma once

#include "core/config/GatewayConfig.h"
#include "core/domain/GatewayError.h"
#include "core/limits/BudgetLedger.h"
#include "core/store/KeyUsageQuery.h"

#include <variant>

namespace llmux {

// GET /v1/usage: a key's own use of the gateway (by day or by model), the rate limits and the
// budgets that apply to it. An admin-scope key may ask about another key (?key_name=), a project
// (?project=) or everyone (?all=true). The range is ?from= and ?to= (ISO 8601 dates or times,
// UTC when no zone is given), by default the current calendar month.
class UsageEndpoint
{
public:
    struct Question
    {
        KeyUsageQuery::Subject subject = KeyUsageQuery::Subject::Key;
        QString name;        // the key or project asked about
        qint64 keyId = 0;    // the asking key's own id: its usage, not a revoked namesake's
        QString keyName;     // whose limits and budgets to show (empty: none)
        QString projectName; // the project those belong to
        qint64 fromMs = 0;
        qint64 toMs = 0;
        KeyUsageQuery::GroupBy groupBy = KeyUsageQuery::GroupBy::Day;
    };
    static std::variant<Question, GatewayError> question(const QByteArray &query,
                                                         const AcceptedKey &key,
                                                         const GatewayConfig &config,
                                                         const QDateTime &now);
    static QByteArray answer(const Question &question, const QList<KeyUsageQuery::Row> &rows,
                             const GatewayConfig &config, const BudgetLedger &budgets,
                             const QDateTime &now);
};

} // namespace llmux
