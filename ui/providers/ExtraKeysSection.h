#pragma once

#include "core/domain/Records.h"
#include "core/services/ProviderStore.h"

#include <QList>
#include <QWidget>

class QLineEdit;
class QListWidget;
class QPushButton;

namespace llmux {

// The provider dialog's pool of extra API keys: the keys already stored (by label and where the
// secret lives) and keys typed here. Adding and removing write into the draft (its addedKeys and
// removedKeyIds), the one place a typed secret waits until the provider is saved; the list shows
// only a masked tail. Enter in the new-key field adds the key; it does not save the dialog. Its
// parts are found by objectName: extraKeyList, newExtraKeyEdit, addExtraKeyButton,
// removeExtraKeyButton.
class ExtraKeysSection : public QWidget
{
    Q_OBJECT
public:
    explicit ExtraKeysSection(ProviderDraft &draft, QWidget *parent = nullptr);

    // The keys the provider has now, listed above the ones typed here.
    void showStored(const QList<ProviderKeyRecord> &keys);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void addTyped();
    void forgetRows(int first, int last);

    ProviderDraft &m_draft;
    QListWidget *m_list;
    QLineEdit *m_newKey;
    QPushButton *m_add;
    QPushButton *m_remove;
    // The stored key of each of m_list's rows, whichever way rows go: its id, or 0 for a key typed
    // here (the n-th such row is the draft's n-th added key).
    QList<qint64> m_rowKeyIds;
};

} // namespace llmux
