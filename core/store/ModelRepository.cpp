#include "store/ModelRepository.h"

#include "store/Database.h"
#include "store/SqlSupport.h"

namespace llmux {
namespace {

// The columns add() and update() both write, bound by name.
void bindFields(QSqlQuery &q, const ModelRecord &model)
{
    q.bindValue(QStringLiteral(":public_name"), model.publicName);
    q.bindValue(QStringLiteral(":provider_id"), model.providerId);
    q.bindValue(QStringLiteral(":upstream_model"), model.upstreamModel);
    const auto in = model.price ? std::optional(model.price->inputPerMillion) : std::nullopt;
    const auto out = model.price ? std::optional(model.price->outputPerMillion) : std::nullopt;
    q.bindValue(QStringLiteral(":price_in"), sql::fromOptional(in));
    q.bindValue(QStringLiteral(":price_out"), sql::fromOptional(out));
    q.bindValue(QStringLiteral(":enabled"), model.enabled ? 1 : 0);
}

} // namespace

Result<QList<ModelRecord>> ModelRepository::list() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "SELECT m.id, m.public_name, m.provider_id, p.name, m.upstream_model, m.price_in, "
        "m.price_out, m.enabled, m.created_at FROM models m JOIN providers p "
        "ON p.id = m.provider_id ORDER BY m.public_name"));
    if (auto s = sql::exec(q, QStringLiteral("listing models")); !s)
        return s;
    QList<ModelRecord> out;
    while (q.next()) {
        ModelRecord m;
        m.id = q.value(0).toLongLong();
        m.publicName = q.value(1).toString();
        m.providerId = q.value(2).toLongLong();
        m.providerName = q.value(3).toString();
        m.upstreamModel = q.value(4).toString();
        if (!q.value(5).isNull() || !q.value(6).isNull())
            m.price = ModelPrice{q.value(5).toDouble(), q.value(6).toDouble()};
        m.enabled = q.value(7).toBool();
        m.createdAt = sql::toTime(q.value(8));
        out << m;
    }
    return out;
}

Result<qint64> ModelRepository::add(const ModelRecord &model)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO models (public_name, provider_id, upstream_model, price_in, price_out, "
        "enabled, created_at) VALUES (:public_name, :provider_id, :upstream_model, :price_in, "
        ":price_out, :enabled, :created_at)"));
    bindFields(q, model);
    q.bindValue(QStringLiteral(":created_at"), QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        if (sql::isUniqueViolation(q))
            return Result<qint64>::failure(
                QStringLiteral("A model named '%1' already exists; remove it first to change "
                               "where it points.")
                    .arg(model.publicName));
        return sql::failure(q, QStringLiteral("adding model '%1'").arg(model.publicName));
    }
    return q.lastInsertId().toLongLong();
}

Status ModelRepository::update(const ModelRecord &model)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "UPDATE models SET public_name = :public_name, provider_id = :provider_id, "
        "upstream_model = :upstream_model, price_in = :price_in, price_out = :price_out, "
        "enabled = :enabled WHERE id = :id"));
    bindFields(q, model);
    q.bindValue(QStringLiteral(":id"), model.id);
    if (!q.exec()) {
        if (sql::isUniqueViolation(q))
            return Status::failure(
                QStringLiteral("A model named '%1' already exists.").arg(model.publicName));
        return sql::failure(q, QStringLiteral("changing model '%1'").arg(model.publicName));
    }
    if (q.numRowsAffected() == 0)
        return Status::failure(
            QStringLiteral("The model '%1' no longer exists.").arg(model.publicName));
    return Status::success();
}

Status ModelRepository::remove(const QString &publicName)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM models WHERE public_name = :name"));
    q.bindValue(QStringLiteral(":name"), publicName);
    if (auto s = sql::exec(q, QStringLiteral("removing model '%1'").arg(publicName)); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(QStringLiteral("There is no model named '%1'.").arg(publicName));
    return Status::success();
}

Status ModelRepository::setEnabled(const QString &publicName, bool enabled)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE models SET enabled = :enabled WHERE public_name = :name"));
    q.bindValue(QStringLiteral(":enabled"), enabled ? 1 : 0);
    q.bindValue(QStringLiteral(":name"), publicName);
    if (auto s = sql::exec(q, QStringLiteral("changing model '%1'").arg(publicName)); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(QStringLiteral("There is no model named '%1'.").arg(publicName));
    return Status::success();
}

} // namespace llmux
