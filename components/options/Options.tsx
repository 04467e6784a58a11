export function Options() {
  return <main><h1>Options</h1></main>;
}
