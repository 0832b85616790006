// What `attest tasks` talks to: the tasks service of the workspace opened here, or the running
// server's /api/tasks (see client.ts for which).
import type { GenerateResult, Services, TaskQuery, TaskView } from '../app/index.js';

export interface TaskClient {
  list(query: TaskQuery): Promise<TaskView[]>;
  generate(): Promise<GenerateResult>;
  complete(id: string, input: { evidenceId: string; note?: string }): Promise<TaskView>;
  skip(id: string, reason: string): Promise<TaskView>;
}

export function localTasks(services: Services, actor: string): TaskClient {
  const org = async () => (await services.workspace.requireOrg()).id;
  return {
    list: async (query) => services.tasks.list(await org(), query),
    generate: async () => services.tasks.generate(await org(), actor),
    complete: async (id, input) => services.tasks.complete(await org(), id, input, actor),
    skip: async (id, reason) => services.tasks.skip(await org(), id, { reason }, actor),
  };
}

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export function remoteTasks(call: Call): TaskClient {
  const at = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;
  return {
    list: (query) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
      const s = q.toString();
      return call<TaskView[]>('GET', `/api/tasks${s ? `?${s}` : ''}`);
    },
    generate: () => call<GenerateResult>('POST', '/api/tasks/generate'),
    complete: (id, input) => call<TaskView>('POST', `${at(id)}/complete`, input),
    skip: (id, reason) => call<TaskView>('POST', `${at(id)}/skip`, { reason }),
  };
}
