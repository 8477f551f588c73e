// Starts GraphiQL against this server's /graphql, with the saved example operations as tabs.
(async function startPlayground() {
  const response = await fetch('/playground/examples.json');
  const examples = await response.json();
  const tabs = examples.map((example) => ({
    query: `# ${example.title}\n# ${example.description}\n${example.query}`,
    variables: example.variables ? JSON.stringify(example.variables, null, 2) : undefined,
  }));
  const root = ReactDOM.createRoot(document.getElementById('playground'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
      defaultTabs: tabs,
      // The open tab starts from the first example, with its variables.
      query: tabs[0].query,
      variables: tabs[0].variables,
      defaultEditorToolsVisibility: true,
      // Examples replace whatever tabs a previous visit left, so they are always there to start from.
      storage: { getItem: () => null, setItem: () => {}, removeItem: () => {}, clear: () => {}, length: 0 },
    }),
  );
})();
