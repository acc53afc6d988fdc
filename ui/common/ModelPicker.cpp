#include "ui/common/ModelPicker.h"

#include "core/gateway/Gateway.h"
#include "core/gateway/ModelResolver.h"

#include <QSignalBlocker>

namespace llmux {

ModelPicker::ModelPicker(QWidget *parent)
    : QComboBox(parent)
{
    setObjectName(QStringLiteral("modelCombo"));
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
}

bool ModelPicker::refresh(const Gateway &gateway)
{
    QStringList names;
    if (const GatewayConfigPtr config = gateway.currentConfig())
        names = ModelResolver::publicNames(*config);
    QStringList offered;
    for (int i = 0; i < count(); ++i)
        offered << itemText(i);
    if (offered == names)
        return false;
    const QString kept = currentText();
    const QSignalBlocker blocker(this);
    clear();
    addItems(names);
    if (const int at = names.indexOf(kept); at >= 0)
        setCurrentIndex(at);
    else if (isEditable() && !kept.isEmpty())
        setCurrentText(kept);
    else
        setCurrentIndex(names.isEmpty() ? -1 : 0);
    return true;
}

} // namespace llmux
