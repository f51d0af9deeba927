// The signed-in console: one realtime connection for every page (queue and conversations, danger
// rules, accounts, audit, my account), the alerts that must be seen wherever one is, the
// operators' availability in the header, and the step-up dialog for sensitive actions.
import type { StaffAccount } from '@brigade/protocol';
import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n/i18n.js';
import { RealtimeClient, type EndReason } from '../realtime/realtime-client.js';
import { realtimeUrl } from '../realtime/socket.js';
import { ConnectionBanner } from '../shared/ConnectionBanner.js';
import { useRealtime } from '../shared/use-realtime.js';
import { AccountPage } from './account/AccountPage.js';
import { AccountsView } from './AccountsView.js';
import { AgentsPage } from './agents/AgentsPage.js';
import { DangerAlertBanner } from './alerts/DangerAlertBanner.js';
import { readMuted, writeMuted } from './alerts/mute-store.js';
import { SoundToggle } from './alerts/SoundToggle.js';
import { useAlertSound } from './alerts/use-alert-sound.js';
import { useTitleBadge } from './alerts/use-title-badge.js';
import { WaitingAlert } from './alerts/WaitingAlert.js';
import { WaitingAlertBanner } from './alerts/WaitingAlertBanner.js';
import { AuditPage } from './audit/AuditPage.js';
import { ConsoleNav } from './ConsoleNav.js';
import { ConversationsWorkspace } from './ConversationsWorkspace.js';
import { DangerRulesPage } from './danger-rules/DangerRulesPage.js';
import { PresenceControl } from './presence/PresenceControl.js';
import { PrioritiesPage } from './priorities/PrioritiesPage.js';
import type { QueueRouting } from './QueuePanel.js';
import { routingMode } from './routing/routing-mode.js';
import { loadOf, notHandled } from './routing/routing-rules.js';
import { ServicesPage } from './services/ServicesPage.js';
import { landingSection, sectionsFor, type Section } from './sections.js';
import { StepUpProvider } from './step-up/StepUpProvider.js';

export function StaffConsole({
  staff,
  onSessionEnded,
  headerSlot = null,
}: {
  staff: StaffAccount;
  onSessionEnded(reason: EndReason | null): void;
  /** Where the page header keeps room for the operator's availability. */
  headerSlot?: HTMLElement | null;
}) {
  const t = useT();
  const isOperator = staff.roles.includes('operator');
  const isSupervisor = staff.roles.includes('supervisor');
  const isAdmin = staff.roles.includes('admin');
  const readsQueue = isOperator || isSupervisor;

  const [client] = useState(() => new RealtimeClient({ url: realtimeUrl(window.location), side: 'operator' }));
  useEffect(() => {
    if (readsQueue) client.subscribeQueue();
    client.start();
    return () => client.stop();
  }, [client, readsQueue]);
  const snapshot = useRealtime(client);
  // Whether conversations are also handed out automatically: read on each (re)connection, when
  // the queue is subscribed again. Only a help for the queue's notice: a failure is not shown.
  useEffect(() => {
    if (readsQueue && snapshot.status === 'online') routingMode.refresh().catch(() => undefined);
  }, [readsQueue, snapshot.status]);
  useEffect(() => {
    if (snapshot.status === 'ended') onSessionEnded(snapshot.endReason);
  }, [snapshot.status, snapshot.endReason, onSessionEnded]);

  const sections = useMemo(() => sectionsFor(staff.roles), [staff.roles]);
  const [section, setSection] = useState<Section>(() => landingSection(staff.roles));
  const [selectedId, setSelectedId] = useState<string | null>(null);

  // The account as the server last said (session.ready; availability as acknowledged).
  const me = snapshot.staff ?? staff;
  const load = loadOf(snapshot.mine, (id) => snapshot.conversations.get(id)?.view?.status ?? null);
  const available = me.availability === 'available';
  const routing: QueueRouting = { profile: me, load, capacity: me.capacity, paused: !available };

  // Operators on duty: nobody waits unseen (title and banner always). The sound only while
  // available and not muted, and only for conversations this operator could take.
  const [muted, setMuted] = useState(() => readMuted(staff.id));
  const waiting = isOperator && snapshot.status === 'online' && snapshot.queue.loaded ? [...snapshot.queue.entries.values()] : [];
  useTitleBadge(waiting.length, t('console.title'), t('waitingAlert.title'));
  useAlertSound(waiting.filter((entry) => notHandled(me, entry) === null).length, !muted && available);

  const read = (conversationId: string) => {
    if (!snapshot.mine.includes(conversationId)) client.subscribeConversation(conversationId);
    setSelectedId(conversationId);
    setSection('conversations');
  };

  return (
    <StepUpProvider>
      {isOperator &&
        headerSlot !== null &&
        createPortal(
          <PresenceControl
            availability={me.availability}
            load={load}
            capacity={me.capacity}
            online={snapshot.status === 'online'}
            onChange={(next) => client.setAvailability(next)}
          />,
          headerSlot,
        )}
      <ConsoleNav sections={sections} current={section} onSelect={setSection} />
      <ConnectionBanner offline={snapshot.status === 'offline'} text={t('console.offline')} />
      {isSupervisor && (
        <DangerAlertBanner alerts={snapshot.dangerAlerts} onOpen={read} onDismiss={(id) => client.dismissDangerAlert(id)} />
      )}
      {isSupervisor && (
        <WaitingAlertBanner
          alerts={snapshot.waitingAlerts}
          queue={snapshot.queue.entries}
          onOpen={read}
          onDismiss={(id) => client.dismissWaitingAlert(id)}
        />
      )}
      {isOperator && <WaitingAlert entries={waiting} onShowQueue={section === 'conversations' ? null : () => setSection('conversations')} />}
      {readsQueue && (
        <ConversationsWorkspace
          client={client}
          snapshot={snapshot}
          staff={staff}
          visible={section === 'conversations'}
          selectedId={selectedId}
          onSelect={setSelectedId}
          routing={isOperator ? routing : null}
          queueTools={
            isOperator && (
              <SoundToggle
                muted={muted}
                onChange={(next) => {
                  setMuted(next);
                  writeMuted(staff.id, next);
                }}
              />
            )
          }
        />
      )}
      {section === 'agents' && isSupervisor && <AgentsPage />}
      {section === 'rules' && <DangerRulesPage canEdit={isAdmin} />}
      {section === 'accounts' && isAdmin && <AccountsView me={staff} />}
      {section === 'services' && isAdmin && <ServicesPage />}
      {section === 'priorities' && isAdmin && <PrioritiesPage />}
      {section === 'audit' && isAdmin && <AuditPage />}
      {section === 'account' && <AccountPage staff={staff} />}
    </StepUpProvider>
  );
}
