// The models page: model aliases and routes added, edited, toggled and removed through the page's
// dialogs and tables, checked in the database and in a running gateway's configuration; mistakes
// are explained and save nothing. Renders the page (models.png), the model dialog
// (model-dialog.png) and the route dialog (route-dialog.png) in the working folder for a
// reviewer.
#include "core/gateway/Gateway.h"
#include "core/gateway/ModelResolver.h"
#include "core/store/Database.h"
#include "core/store/ModelCapabilityRepository.h"
#include "core/store/ModelRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RouteRepository.h"
#include "core/store/SecretStore.h"
#include "core/store/SettingsRepository.h"
#include "ui/models/CapabilitiesEditor.h"
#include "ui/models/ModelDialog.h"
#include "ui/models/ModelTableModel.h"
#include "ui/models/ModelsPage.h"
#include "ui/models/RouteDialog.h"
#include "ui/models/RouteTableModel.h"
#include "ui/models/RouteTargetsModel.h"
#include "ui/theme/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace llmux;

namespace {

qint64 addProvider(const Database &db, const QString &name)
{
    ProviderRecord p;
    p.name = name;
    p.kind = QStringLiteral("openai");
    p.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
    const auto id = ProviderRepository(db).add(p);
    return id ? id.value() : -1;
}

std::optional<ModelRecord> findModel(const Database &db, const QString &name)
{
    const auto models = ModelRepository(db).list();
    if (models)
        for (const ModelRecord &m : models.value())
            if (m.publicName == name)
                return m;
    return std::nullopt;
}

std::optional<RouteRecord> findRoute(const Database &db, const QString &pattern)
{
    const auto routes = RouteRepository(db).list();
    if (routes)
        for (const RouteRecord &r : routes.value())
            if (r.pattern == pattern)
                return r;
    return std::nullopt;
}

int modelCount(const Database &db)
{
    return int(ModelRepository(db).list()->size());
}

// What a running gateway makes of a model name, from the configuration it serves.
QString resolvedTarget(const Gateway &gateway, const QString &name)
{
    const GatewayConfigPtr config = gateway.currentConfig();
    if (!config)
        return QString();
    const ModelResolver::Resolution r = ModelResolver::resolve(*config, name);
    return r.target() ? r.target()->displayName() : QString();
}

void fillModel(ModelDialog *dialog, const QString &name, const QString &provider,
               const QString &upstream)
{
    dialog->nameEdit()->setText(name);
    dialog->selectProvider(provider);
    dialog->upstreamCombo()->setEditText(upstream);
}

} // namespace

class TestModelsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<Database>(
            m_dir.filePath(QStringLiteral("llmux-%1.sqlite")
                               .arg(QUuid::createUuid().toString(QUuid::WithoutBraces))));
        QVERIFY(m_db->open().ok());
        QVERIFY(SettingsRepository(*m_db).setValue(QStringLiteral("health.interval_ms"),
                                                   QStringLiteral("0")));
    }

    void cleanup() { m_db.reset(); }

    void emptyStatesTellANewUserWhatToDo()
    {
        SecretStore secrets(m_secretService);
        Gateway gateway(*m_db, secrets); // stopped: the page works without a running gateway
        ModelsPage page(&gateway, *m_db);
        page.resize(900, 600);
        page.show();
        QCOMPARE(page.windowTitle(), QStringLiteral("Models"));
        QVERIFY(page.modelsEmptyState()->isVisible());
        QVERIFY2(page.modelsEmptyState()->text().contains(QLatin1String("Add a provider first")),
                 qPrintable(page.modelsEmptyState()->text()));
        QVERIFY(!page.addModelButton()->isEnabled());
        QVERIFY(!page.editModelButton()->isEnabled());
        page.showSection(ModelsPage::Section::Routes);
        QVERIFY(page.routesEmptyState()->isVisible());
        QVERIFY(!page.addRouteButton()->isEnabled());

        // A provider added elsewhere shows up when the page is shown again.
        QVERIFY(addProvider(*m_db, QStringLiteral("openai")) > 0);
        page.hide();
        page.show();
        QVERIFY(page.addRouteButton()->isEnabled());
        QVERIFY(page.routesEmptyState()->text().contains(QLatin1String("Add route")));
        page.showSection(ModelsPage::Section::Models);
        QVERIFY(page.addModelButton()->isEnabled());
        QVERIFY(page.modelsEmptyState()->text().contains(QLatin1String("Add model")));
    }

    void modelAliasAddEditToggleRemove()
    {
        const qint64 openai = addProvider(*m_db, QStringLiteral("openai"));
        const qint64 groq = addProvider(*m_db, QStringLiteral("groq"));
        QVERIFY(openai > 0 && groq > 0);
        SecretStore secrets(m_secretService);
        Gateway gateway(*m_db, secrets);
        QSignalSpy ready(&gateway, &Gateway::ready);
        GatewayOptions options;
        options.port = 0;
        options.workerThreads = 2;
        QVERIFY(gateway.start(options).ok());
        QVERIFY(gateway.isReady() || ready.wait(10000));

        ModelsPage page(&gateway, *m_db);
        page.resize(1000, 640);
        page.show();
        QVERIFY(page.modelsEmptyState()->isVisible());

        // Add through the toolbar's dialog.
        QTest::mouseClick(page.addModelButton(), Qt::LeftButton);
        ModelDialog *dialog = page.modelDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->providerCombo()->count(), 2);
        fillModel(dialog, QStringLiteral("fast"), QStringLiteral("groq"),
                  QStringLiteral("llama-3.1-8b"));
        dialog->pricesBox()->setChecked(true);
        dialog->inputPriceSpin()->setValue(0.05);
        dialog->outputPriceSpin()->setValue(0.08);
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(!page.modelDialog());
        auto fast = findModel(*m_db, QStringLiteral("fast"));
        QVERIFY(fast);
        QCOMPARE(fast->providerId, groq);
        QCOMPARE(fast->upstreamModel, QStringLiteral("llama-3.1-8b"));
        QVERIFY(fast->price);
        QCOMPARE(fast->price->inputPerMillion, 0.05);
        QCOMPARE(fast->price->outputPerMillion, 0.08);
        QVERIFY(fast->enabled);
        QCOMPARE(page.modelsModel()->rowCount(), 1);
        QVERIFY(page.modelsTable()->isVisible());
        QCOMPARE(page.modelsModel()->index(0, ModelTableModel::InputPrice).data().toString(),
                 QStringLiteral("$0.05"));
        QCOMPARE(page.sectionTabs()->tabText(0), QStringLiteral("Models (1)"));
        // The running gateway serves the new name.
        QTRY_COMPARE_WITH_TIMEOUT(resolvedTarget(gateway, QStringLiteral("fast")),
                                  QStringLiteral("groq/llama-3.1-8b"), 10000);

        // A second alias, without prices: the upstream list offers what groq already serves.
        dialog = page.openModelDialog();
        dialog->selectProvider(QStringLiteral("groq"));
        QVERIFY(dialog->upstreamCombo()->findText(QStringLiteral("llama-3.1-8b")) >= 0);
        fillModel(dialog, QStringLiteral("smart"), QStringLiteral("openai"),
                  QStringLiteral("gpt-4o"));
        dialog->accept();
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QVERIFY(findModel(*m_db, QStringLiteral("smart")));
        QVERIFY(!findModel(*m_db, QStringLiteral("smart"))->price);
        QCOMPARE(page.modelsModel()->rowCount(), 2);
        const int smartRow = page.modelsModel()->rowOf(QStringLiteral("smart"));
        QCOMPARE(page.modelsModel()->index(smartRow, ModelTableModel::InputPrice).data(),
                 QVariant(QStringLiteral("not set")));

        // Mistakes are explained in the dialog, which stays open and saves nothing.
        const int before = modelCount(*m_db);
        struct Mistake
        {
            QString name, provider, upstream, says;
        };
        const QList<Mistake> mistakes = {
            {QString(), QStringLiteral("openai"), QStringLiteral("gpt-4o"),
             QStringLiteral("public name")},
            {QStringLiteral("other"), QStringLiteral("openai"), QStringLiteral("  "),
             QStringLiteral("upstream model")},
            {QStringLiteral("FAST"), QStringLiteral("openai"), QStringLiteral("gpt-4o"),
             QStringLiteral("already a model named “fast”")},
        };
        for (const Mistake &m : mistakes) {
            dialog = page.openModelDialog();
            fillModel(dialog, m.name, m.provider, m.upstream);
            QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
            QVERIFY(dialog->isVisible());
            QVERIFY(dialog->problemLabel()->isVisible());
            QVERIFY2(dialog->problemLabel()->text().contains(m.says),
                     qPrintable(dialog->problemLabel()->text()));
            QCOMPARE(modelCount(*m_db), before);
            dialog->reject();
        }
        // Prices cannot go below zero in the dialog; the shared check refuses them anyway.
        dialog = page.openModelDialog();
        dialog->inputPriceSpin()->setValue(-1);
        QCOMPARE(dialog->inputPriceSpin()->value(), 0.0);
        ModelRecord negative = *fast;
        negative.price = ModelPrice{-1, 1};
        QCOMPARE(ModelCatalog::checkModelFields(negative).kind, CatalogIssue::Kind::NegativePrice);
        QVERIFY(ModelDialog::issueText(ModelCatalog::checkModelFields(negative))
                    .contains(QLatin1String("negative")));
        dialog->reject();

        // Toggle from the table's check box: written at once, and the gateway follows.
        const int fastRow = page.modelsModel()->rowOf(QStringLiteral("fast"));
        const QModelIndex enabled = page.modelsModel()->index(fastRow, ModelTableModel::Enabled);
        QVERIFY(page.modelsModel()->flags(enabled) & Qt::ItemIsUserCheckable);
        QVERIFY(page.modelsTable()->model()->setData(enabled, Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!findModel(*m_db, QStringLiteral("fast"))->enabled);
        QCOMPARE(enabled.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QTRY_VERIFY_WITH_TIMEOUT(!gateway.currentConfig()->modelRecords.isEmpty() &&
                                     !findModel(*m_db, QStringLiteral("fast"))->enabled,
                                 10000);
        QVERIFY(page.modelsTable()->model()->setData(enabled, Qt::Checked, Qt::CheckStateRole));
        QVERIFY(findModel(*m_db, QStringLiteral("fast"))->enabled);

        // Edit: select the row, Edit, change the model and a price, and rename.
        page.modelsTable()->selectRow(fastRow);
        QVERIFY(page.editModelButton()->isEnabled());
        QTest::mouseClick(page.editModelButton(), Qt::LeftButton);
        dialog = page.modelDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("fast"));
        QCOMPARE(dialog->providerCombo()->currentText(), QStringLiteral("groq"));
        QCOMPARE(dialog->upstreamCombo()->currentText(), QStringLiteral("llama-3.1-8b"));
        QVERIFY(dialog->pricesBox()->isChecked());
        // Renaming it onto the other alias is refused.
        dialog->nameEdit()->setText(QStringLiteral("smart"));
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->problemLabel()->text().contains(QStringLiteral("“smart”")));
        dialog->nameEdit()->setText(QStringLiteral("quick"));
        dialog->upstreamCombo()->setEditText(QStringLiteral("llama-3.3-70b"));
        dialog->outputPriceSpin()->setValue(0.79);
        dialog->accept();
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QVERIFY(!findModel(*m_db, QStringLiteral("fast")));
        const auto quick = findModel(*m_db, QStringLiteral("quick"));
        QVERIFY(quick);
        QCOMPARE(quick->id, fast->id);
        QCOMPARE(quick->upstreamModel, QStringLiteral("llama-3.3-70b"));
        QCOMPARE(quick->price->inputPerMillion, 0.05);
        QCOMPARE(quick->price->outputPerMillion, 0.79);
        QTRY_COMPARE_WITH_TIMEOUT(resolvedTarget(gateway, QStringLiteral("quick")),
                                  QStringLiteral("groq/llama-3.3-70b"), 10000);
        // The edited row stays selected.
        QCOMPARE(page.modelsTable()->currentIndex().row(),
                 page.modelsModel()->rowOf(QStringLiteral("quick")));

        // A double click on a row edits it too.
        QTableView *table = page.modelsTable();
        const QRect cell = table->visualRect(
            page.modelsModel()->index(page.modelsModel()->rowOf(QStringLiteral("smart")), 0));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_VERIFY(page.modelDialog());
        QCOMPARE(page.modelDialog()->nameEdit()->text(), QStringLiteral("smart"));
        page.modelDialog()->reject();
        QTRY_VERIFY(!page.modelDialog());
        table->selectRow(page.modelsModel()->rowOf(QStringLiteral("quick")));

        // Remove asks first; Cancel keeps it, Remove removes it.
        QTest::mouseClick(page.removeModelButton(), Qt::LeftButton);
        QVERIFY(page.confirmation());
        QVERIFY(page.confirmation()->text().contains(QLatin1String("quick")));
        page.confirmation()->button(QMessageBox::Cancel)->click();
        QVERIFY(findModel(*m_db, QStringLiteral("quick")));
        QTest::mouseClick(page.removeModelButton(), Qt::LeftButton);
        QVERIFY(page.confirmation());
        page.confirmation()->button(QMessageBox::Yes)->click();
        QVERIFY(!findModel(*m_db, QStringLiteral("quick")));
        QCOMPARE(page.modelsModel()->rowCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(resolvedTarget(gateway, QStringLiteral("quick")), QString(),
                                  10000);
        gateway.stop();
    }

    // What the model can take: the preset shows in the Automatic choices, an edit is stored for
    // the provider's model, shown in the table and filled in again when the model is edited.
    void modelCapabilitiesAreEdited()
    {
        const qint64 ds = addProvider(*m_db, QStringLiteral("deepseek"));
        QVERIFY(ds > 0);
        ModelsPage page(nullptr, *m_db);
        page.resize(1000, 640);
        page.show();
        ModelDialog *dialog = page.openModelDialog();
        fillModel(dialog, QStringLiteral("chat"), QStringLiteral("deepseek"),
                  QStringLiteral("deepseek-chat"));
        CapabilitiesEditor *caps = dialog->capabilitiesEditor();
        QCOMPARE(caps->imagesCombo()->itemText(0), QStringLiteral("Automatic (no)"));
        QCOMPARE(caps->toolsCombo()->itemText(0), QStringLiteral("Automatic (yes)"));
        QVERIFY(caps->maxOutputSpin()->specialValueText().contains(QStringLiteral("8")));
        dialog->upstreamCombo()->setEditText(QStringLiteral("my-own-model"));
        QCOMPARE(caps->imagesCombo()->itemText(0),
                 QStringLiteral("Automatic (not known: assumed yes)"));
        dialog->upstreamCombo()->setEditText(QStringLiteral("deepseek-chat"));
        caps->imagesCombo()->setCurrentIndex(caps->imagesCombo()->findData(1));
        caps->contextSpin()->setValue(64000);
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(dialog->grab().save(QStringLiteral("model-dialog.png")));
        dialog->accept();
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        const auto stored =
            ModelCapabilityRepository(*m_db).find(ds, QStringLiteral("deepseek-chat"));
        QVERIFY(stored);
        QCOMPARE(stored->images, true);
        QCOMPARE(stored->contextWindow, 64000);
        QVERIFY(!stored->tools); // left to the preset
        const int row = page.modelsModel()->rowOf(QStringLiteral("chat"));
        QCOMPARE(page.modelsModel()->index(row, ModelTableModel::Capabilities).data().toString(),
                 QStringLiteral("tools, images, no reasoning, 64k context, 8k output"));

        dialog = page.openModelDialog(row);
        caps = dialog->capabilitiesEditor();
        QCOMPARE(caps->imagesCombo()->currentData().toInt(), 1);
        QCOMPARE(caps->contextSpin()->value(), 64000);
        QCOMPARE(caps->toolsCombo()->currentIndex(), 0);
        // Back to Automatic everywhere: the edit is removed.
        caps->imagesCombo()->setCurrentIndex(0);
        caps->contextSpin()->setValue(0);
        dialog->accept();
        QVERIFY(ModelCapabilityRepository(*m_db).list()->isEmpty());
    }

    void routeWithTwoTargetsInOrder()
    {
        const qint64 openai = addProvider(*m_db, QStringLiteral("openai"));
        const qint64 azure = addProvider(*m_db, QStringLiteral("azure"));
        QVERIFY(openai > 0 && azure > 0);
        ModelRecord alias;
        alias.publicName = QStringLiteral("taken");
        alias.providerId = openai;
        alias.upstreamModel = QStringLiteral("gpt-4o");
        QVERIFY(ModelRepository(*m_db).add(alias).ok());
        SecretStore secrets(m_secretService);
        Gateway gateway(*m_db, secrets);
        QSignalSpy ready(&gateway, &Gateway::ready);
        GatewayOptions options;
        options.port = 0;
        options.workerThreads = 2;
        QVERIFY(gateway.start(options).ok());
        QVERIFY(gateway.isReady() || ready.wait(10000));

        ModelsPage page(&gateway, *m_db);
        page.resize(1000, 640);
        page.show();
        page.showSection(ModelsPage::Section::Routes);
        QVERIFY(page.routesEmptyState()->isVisible());

        QTest::mouseClick(page.addRouteButton(), Qt::LeftButton);
        RouteDialog *dialog = page.routeDialog();
        QVERIFY(dialog);
        // Saving with no targets explains what is missing and saves nothing.
        dialog->nameEdit()->setText(QStringLiteral("smart"));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->problemLabel()->text().contains(QLatin1String("at least one target")),
                 qPrintable(dialog->problemLabel()->text()));
        QVERIFY(RouteRepository(*m_db).list()->isEmpty());

        // Two targets through the buttons, typed in, then reordered.
        RouteTargetsModel *targets = dialog->targetsModel();
        QTest::mouseClick(dialog->addTargetButton(), Qt::LeftButton);
        QTest::mouseClick(dialog->addTargetButton(), Qt::LeftButton);
        QCOMPARE(targets->rowCount(), 2);
        QVERIFY(targets->setData(targets->index(0, RouteTargetsModel::Provider), azure));
        QVERIFY(targets->setData(targets->index(0, RouteTargetsModel::Model),
                                 QStringLiteral("gpt-4o-eu")));
        // A target without a model is pointed out by number.
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QVERIFY2(dialog->problemLabel()->text().contains(QLatin1String("Target 2")),
                 qPrintable(dialog->problemLabel()->text()));
        QVERIFY(targets->setData(targets->index(1, RouteTargetsModel::Provider),
                                 QStringLiteral("openai")));
        QVERIFY(targets->setData(targets->index(1, RouteTargetsModel::Model),
                                 QStringLiteral("gpt-4o")));
        dialog->targetsView()->setCurrentIndex(targets->index(1, 0));
        QVERIFY(dialog->moveUpButton()->isEnabled());
        QVERIFY(!dialog->moveDownButton()->isEnabled());
        QTest::mouseClick(dialog->moveUpButton(), Qt::LeftButton);
        QCOMPARE(targets->targets().at(0).providerName, QStringLiteral("openai"));
        QCOMPARE(dialog->targetsView()->currentIndex().row(), 0);
        QCOMPARE(dialog->strategyCombo()->currentText(), QStringLiteral("Failover"));
        QVERIFY(dialog->strategyHint()->text().contains(QLatin1String("first target")));

        // A name already used by a model alias is refused.
        dialog->nameEdit()->setText(QStringLiteral("Taken"));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QVERIFY2(dialog->problemLabel()->text().contains(QLatin1String("already a model")),
                 qPrintable(dialog->problemLabel()->text()));
        // A '*' in a target model needs a pattern to fill it.
        dialog->nameEdit()->setText(QStringLiteral("smart"));
        QVERIFY(targets->setData(targets->index(1, RouteTargetsModel::Model),
                                 QStringLiteral("gpt-4o-*")));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QVERIFY2(dialog->problemLabel()->text().contains(QStringLiteral("“*”")),
                 qPrintable(dialog->problemLabel()->text()));
        QVERIFY(RouteRepository(*m_db).list()->isEmpty());
        QVERIFY(targets->setData(targets->index(1, RouteTargetsModel::Model),
                                 QStringLiteral("gpt-4o-eu")));

        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(!page.routeDialog());
        auto smart = findRoute(*m_db, QStringLiteral("smart"));
        QVERIFY(smart);
        QCOMPARE(smart->strategy, RouteStrategy::Failover);
        QCOMPARE(smart->targets.size(), 2);
        QCOMPARE(smart->targets.at(0).providerId, openai);
        QCOMPARE(smart->targets.at(0).upstreamModel, QStringLiteral("gpt-4o"));
        QCOMPARE(smart->targets.at(1).providerId, azure);
        QCOMPARE(smart->targets.at(1).upstreamModel, QStringLiteral("gpt-4o-eu"));
        QCOMPARE(page.routesModel()->rowCount(), 1);
        QVERIFY(page.routesTable()->isVisible());
        QCOMPARE(page.routesModel()->index(0, RouteTableModel::Targets).data().toString(),
                 QStringLiteral("openai/gpt-4o, azure/gpt-4o-eu"));
        QTRY_COMPARE_WITH_TIMEOUT(resolvedTarget(gateway, QStringLiteral("smart")),
                                  QStringLiteral("openai/gpt-4o"), 10000);

        // A wildcard route beside it.
        RouteDialog *wild = page.openRouteDialog();
        wild->nameEdit()->setText(QStringLiteral("claude-*"));
        wild->setStrategy(RouteStrategy::RoundRobin);
        const int row = wild->targetsModel()->addTarget(
            {azure, QStringLiteral("azure"), QStringLiteral("claude-*"), 1});
        QCOMPARE(row, 0);
        wild->accept();
        QCOMPARE(wild->result(), int(QDialog::Accepted));
        QTRY_COMPARE_WITH_TIMEOUT(resolvedTarget(gateway, QStringLiteral("claude-haiku")),
                                  QStringLiteral("azure/claude-haiku"), 10000);

        // Toggle from the table.
        const int smartRow = page.routesModel()->rowOf(QStringLiteral("smart"));
        const QModelIndex enabled = page.routesModel()->index(smartRow, RouteTableModel::Enabled);
        QVERIFY(page.routesTable()->model()->setData(enabled, Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!findRoute(*m_db, QStringLiteral("smart"))->enabled);
        QVERIFY(page.routesTable()->model()->setData(enabled, Qt::Checked, Qt::CheckStateRole));
        QVERIFY(findRoute(*m_db, QStringLiteral("smart"))->enabled);

        // Edit: weighted, the second target weighted 3; same id, targets replaced in order.
        dialog = page.openRouteDialog(smartRow);
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("smart"));
        QCOMPARE(dialog->targetsModel()->rowCount(), 2);
        dialog->setStrategy(RouteStrategy::Weighted);
        QVERIFY(dialog->targetsModel()->setData(
            dialog->targetsModel()->index(1, RouteTargetsModel::Weight), 3));
        dialog->accept();
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        const auto edited = findRoute(*m_db, QStringLiteral("smart"));
        QCOMPARE(edited->id, smart->id);
        QCOMPARE(edited->strategy, RouteStrategy::Weighted);
        QCOMPARE(edited->targets.size(), 2);
        QCOMPARE(edited->targets.at(1).weight, 3);
        QCOMPARE(edited->targets.at(0).upstreamModel, QStringLiteral("gpt-4o"));

        // Remove with confirmation.
        page.routesTable()->selectRow(page.routesModel()->rowOf(QStringLiteral("claude-*")));
        QTest::mouseClick(page.removeRouteButton(), Qt::LeftButton);
        QVERIFY(page.confirmation());
        page.confirmation()->button(QMessageBox::Yes)->click();
        QVERIFY(!findRoute(*m_db, QStringLiteral("claude-*")));
        QCOMPARE(page.routesModel()->rowCount(), 1);
        gateway.stop();
    }

    void rendersThePageAndTheRouteDialog()
    {
        const qint64 openai = addProvider(*m_db, QStringLiteral("openai"));
        const qint64 anthropic = addProvider(*m_db, QStringLiteral("anthropic"));
        const qint64 ollama = addProvider(*m_db, QStringLiteral("ollama"));
        auto alias = [this](const QString &name, qint64 provider, const QString &model,
                            std::optional<ModelPrice> price, bool enabled = true) {
            ModelRecord m;
            m.publicName = name;
            m.providerId = provider;
            m.upstreamModel = model;
            m.price = price;
            m.enabled = enabled;
            QVERIFY(ModelRepository(*m_db).add(m).ok());
        };
        alias(QStringLiteral("fast"), openai, QStringLiteral("gpt-4o-mini"), ModelPrice{0.15, 0.6});
        alias(QStringLiteral("sonnet"), anthropic, QStringLiteral("claude-sonnet-4-5"),
              ModelPrice{3, 15});
        alias(QStringLiteral("local"), ollama, QStringLiteral("llama3.1:8b"), std::nullopt);
        alias(QStringLiteral("gpt-4o"), openai, QStringLiteral("gpt-4o-2024-11-20"),
              ModelPrice{2.5, 10}, false);
        RouteRecord route;
        route.pattern = QStringLiteral("smart");
        route.targets = {
            {anthropic, QStringLiteral("anthropic"), QStringLiteral("claude-opus-4-1"), 1},
            {openai, QStringLiteral("openai"), QStringLiteral("gpt-4.1"), 1}};
        QVERIFY(RouteRepository(*m_db).save(route, false).ok());

        Theme::apply(Theme::Mode::Light);
        SecretStore secrets(m_secretService);
        Gateway gateway(*m_db, secrets);
        ModelsPage page(&gateway, *m_db);
        page.resize(1000, 600);
        page.show();
        QCOMPARE(page.modelsModel()->rowCount(), 4);
        QCOMPARE(page.routesModel()->rowCount(), 1);
        page.modelsTable()->selectRow(1);
        const QString png = QDir::current().filePath(QStringLiteral("models.png"));
        QVERIFY(page.grab().save(png));
        qInfo() << "rendered" << png;

        RouteDialog *dialog = page.openRouteDialog(0);
        QVERIFY(dialog);
        dialog->targetsView()->setCurrentIndex(dialog->targetsModel()->index(1, 1));
        const QString dialogPng = QDir::current().filePath(QStringLiteral("route-dialog.png"));
        QVERIFY(dialog->grab().save(dialogPng));
        qInfo() << "rendered" << dialogPng;
        dialog->reject();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    const QString m_secretService = QStringLiteral("LLMux-test-modelspage-%1")
                                        .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
};

QTEST_MAIN(TestModelsPage)
#include "tst_modelspage.moc"
