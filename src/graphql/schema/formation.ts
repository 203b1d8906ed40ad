import { builder } from '../builder.js';

export const FormationRef = builder
  .objectRef<{ document: string; predecessors: string[] }>('Formation')
  .implement({
    description: '组建 The reorganisation a unit came from.',
    fields: (t) => ({
      document: t.exposeString('document', {
        description: '文件 The document that ordered it (焦编〔2023〕85号).',
      }),
      predecessors: t.exposeStringList('predecessors', {
        description: '原单位 The units merged into this one.',
      }),
    }),
  });
