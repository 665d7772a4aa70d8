import type { IvrAction, IvrMenuDefinition } from './types.js';

/** Every prompt a menu definition plays, with where (paths such as nodes.main.prompts.0), in order of first use. */
export function menuPromptUses(definition: IvrMenuDefinition): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  const add = (name: string | undefined, where: string) => {
    if (!name) return;
    uses.set(name, [...(uses.get(name) ?? []), where]);
  };
  const action = (a: IvrAction | undefined, where: string) => {
    if (a?.type === 'hangup') add(a.prompt, `${where}.prompt`);
  };
  for (const [name, node] of Object.entries(definition.nodes)) {
    const at = `nodes.${name}`;
    node.prompts.forEach((p, i) => add(p, `${at}.prompts.${i}`));
    if (node.kind === 'announcement') action(node.next, `${at}.next`);
    else {
      add(node.invalidPrompt, `${at}.invalidPrompt`);
      add(node.timeoutPrompt, `${at}.timeoutPrompt`);
      for (const [digit, a] of Object.entries(node.options)) action(a, `${at}.options.${digit}`);
      action(node.onExhausted, `${at}.onExhausted`);
    }
  }
  return uses;
}
