export function Reflection() {
  return <main><h1>Reflection</h1></main>;
}
