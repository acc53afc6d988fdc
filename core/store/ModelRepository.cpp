#include "core/store/ModelRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

#include <QSqlError>

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
    // A new name for a provider model that has a price already costs the same.
    ModelRecord priced = model;
    if (!priced.price)
        priced.price = priceOf(model.providerId, model.upstreamModel);
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return Result<qint64>::failure(QStringLiteral("Cannot save model '%1': %2")
                                           .arg(model.publicName, db.lastError().text()));
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO models (public_name, provider_id, upstream_model, price_in, price_out, "
        "enabled, created_at) VALUES (:public_name, :provider_id, :upstream_model, :price_in, "
        ":price_out, :enabled, :created_at)"));
    bindFields(q, priced);
    q.bindValue(QStringLiteral(":created_at"), QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        db.rollback();
        if (sql::isUniqueViolation(q))
            return Result<qint64>::failure(
                QStringLiteral("A model named '%1' already exists; remove it first to change "
                               "where it points.")
                    .arg(model.publicName));
        return sql::failure(q, QStringLiteral("adding model '%1'").arg(model.publicName));
    }
    const qint64 id = q.lastInsertId().toLongLong();
    if (Status shared = sharePrice(priced); !shared) {
        db.rollback();
        return shared;
    }
    if (!db.commit()) {
        db.rollback();
        return Result<qint64>::failure(QStringLiteral("Cannot save model '%1': %2")
                                           .arg(model.publicName, db.lastError().text()));
    }
    return id;
}

std::optional<ModelPrice> ModelRepository::priceOf(qint64 providerId,
                                                   const QString &upstreamModel) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT price_in, price_out FROM models WHERE provider_id = :p AND "
                             "upstream_model = :m AND (price_in IS NOT NULL OR price_out IS NOT "
                             "NULL) ORDER BY id DESC LIMIT 1"));
    q.bindValue(QStringLiteral(":p"), providerId);
    q.bindValue(QStringLiteral(":m"), upstreamModel);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return ModelPrice{q.value(0).toDouble(), q.value(1).toDouble()};
}

Status ModelRepository::sharePrice(const ModelRecord &model)
{
    // The price is the provider model's: every name for it shows and bills the same one.
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE models SET price_in = :price_in, price_out = :price_out "
                             "WHERE provider_id = :provider_id AND upstream_model = "
                             ":upstream_model"));
    const auto in = model.price ? std::optional(model.price->inputPerMillion) : std::nullopt;
    const auto out = model.price ? std::optional(model.price->outputPerMillion) : std::nullopt;
    q.bindValue(QStringLiteral(":price_in"), sql::fromOptional(in));
    q.bindValue(QStringLiteral(":price_out"), sql::fromOptional(out));
    q.bindValue(QStringLiteral(":provider_id"), model.providerId);
    q.bindValue(QStringLiteral(":upstream_model"), model.upstreamModel);
    if (!q.exec())
        return sql::failure(q,
                            QStringLiteral("sharing the price of '%1'").arg(model.upstreamModel));
    return Status::success();
}

Status ModelRepository::update(const ModelRecord &edited)
{
    // Pointed at another provider model without a price of its own: it takes that model's
    // price, rather than clearing it for every name of it.
    ModelRecord model = edited;
    if (!model.price) {
        QSqlQuery before(m_db.connection());
        before.prepare(
            QStringLiteral("SELECT provider_id, upstream_model FROM models WHERE id = :id"));
        before.bindValue(QStringLiteral(":id"), model.id);
        if (before.exec() && before.next() &&
            (before.value(0).toLongLong() != model.providerId ||
             before.value(1).toString() != model.upstreamModel))
            model.price = priceOf(model.providerId, model.upstreamModel);
    }
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return Status::failure(QStringLiteral("Cannot save model '%1': %2")
                                   .arg(model.publicName, db.lastError().text()));
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "UPDATE models SET public_name = :public_name, provider_id = :provider_id, "
        "upstream_model = :upstream_model, price_in = :price_in, price_out = :price_out, "
        "enabled = :enabled WHERE id = :id"));
    bindFields(q, model);
    q.bindValue(QStringLiteral(":id"), model.id);
    if (!q.exec()) {
        db.rollback();
        if (sql::isUniqueViolation(q))
            return Status::failure(
                QStringLiteral("A model named '%1' already exists.").arg(model.publicName));
        return sql::failure(q, QStringLiteral("changing model '%1'").arg(model.publicName));
    }
    if (q.numRowsAffected() == 0) {
        db.rollback();
        return Status::failure(
            QStringLiteral("The model '%1' no longer exists.").arg(model.publicName));
    }
    if (Status shared = sharePrice(model); !shared) {
        db.rollback();
        return shared;
    }
    if (!db.commit()) {
        db.rollback();
        return Status::failure(QStringLiteral("Cannot save model '%1': %2")
                                   .arg(model.publicName, db.lastError().text()));
    }
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
