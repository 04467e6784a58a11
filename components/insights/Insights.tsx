export function Insights() {
  return <main><h1>Insights</h1></main>;
}
