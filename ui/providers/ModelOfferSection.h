#pragma once

#include "core/services/ProviderStore.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QListWidget;

namespace llmux {

// The models a provider offers, as the dialog's test or fetch learnt them, with a tick for each
// one to publish as a model when the provider is saved. Ticks go straight into the draft's
// models, the one place they are kept; a new list keeps the ticks of the models still offered.
// Its parts are found by objectName: modelsStatus, modelList, and its hintLabel.
class ModelOfferSection : public QWidget
{
    Q_OBJECT
public:
    ModelOfferSection(ProviderDraft &draft, QWidget *parent = nullptr);

    // published: the ids this provider already serves as models, shown ticked and fixed.
    void offer(const QStringList &modelIds, const QSet<QString> &published);
    // A list shown before stays, with its ticks.
    void showFetchFailed();

private:
    ProviderDraft &m_draft;
    QLabel *m_status;
    QLabel *m_hint;
    QListWidget *m_list;
};

} // namespace llmux
