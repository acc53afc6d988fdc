#pragma once

#include "core/services/ProviderStore.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QToolButton;

namespace llmux {

class ExtraKeysSection;

// The provider dialog's folded section: timeouts, proxies and extra keys, behind a toggle. Every
// edit goes straight into the draft, which the dialog owns. Its parts are found by objectName:
// advancedButton, connectTimeout, firstByteTimeout, idleTimeout, totalTimeout, proxyEdit,
// noProxyEdit, responsesApiCombo (item data: "auto", "native", "translate"), and the extra keys'
// parts (ExtraKeysSection).
class AdvancedSection : public QWidget
{
    Q_OBJECT
public:
    AdvancedSection(ProviderDraft &draft, QWidget *parent = nullptr);

    // The draft's values, as when the dialog opens on a stored provider.
    void refresh();
    // The keys the provider has now, listed above the ones typed here.
    void showStoredKeys(const QList<ProviderKeyRecord> &keys);

private:
    ProviderDraft &m_draft;
    QToolButton *m_toggle;
    QWidget *m_body;
    QDoubleSpinBox *m_timeouts[4] = {};
    QLineEdit *m_proxy;
    QLineEdit *m_noProxy;
    QComboBox *m_responsesApi;
    ExtraKeysSection *m_extraKeys;
};

} // namespace llmux
